using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Mlflow;
using ModelHub.Tests.Support;
using ModelHub.Web.Components.Pages.Experiments;

namespace ModelHub.Tests.Mlflow.Components;

public sealed class ExperimentPagesTests : SignedInComponentTest
{
    private const string ModulePath = "./Components/Shared/Charts/ApexChart.razor.js";

    [Fact]
    public void With_no_experiments_the_list_says_how_one_appears()
    {
        var cut = Render<Experiments>();

        cut.WaitForAssertion(() => Assert.Contains("No experiments yet", cut.Find("[data-testid=empty-state]").TextContent));
    }

    [Fact]
    public async Task The_list_shows_MLflow_experiments_and_the_experiment_of_each_model_with_jobs()
    {
        await RegistrySeeder.AddVersionAsync(Services, "sentiment", UserId, steps: 5);
        var pipelines = await Services.GetRequiredService<MlflowExperiments>().CreateAsync("pipelines");
        await Services.GetRequiredService<MlflowRuns>().CreateAsync(new MlflowRuns.NewRun(pipelines.Value, null, 1, "nightly", []), Actor.User(UserId, Email));

        var cut = Render<Experiments>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=experiment-link]").Count));
        var rows = cut.FindAll("[data-testid=experiments-table] tbody tr").ToDictionary(r => r.QuerySelector("td")!.TextContent.Trim(), r => r.TextContent);
        Assert.Contains("1", rows["pipelines"]);
        Assert.Equal($"/experiments/{pipelines.Value}", cut.FindAll("[data-testid=experiment-link]").Single(a => a.TextContent == "pipelines").GetAttribute("href"));
        Assert.True(rows.ContainsKey("sentiment"));
    }

    [Fact]
    public async Task The_runs_table_shows_param_and_metric_columns_and_compares_the_selected_runs_in_the_version_compare_view()
    {
        await RegistrySeeder.AddVersionAsync(Services, "sentiment", UserId, steps: 30, epochs: 3);
        await RegistrySeeder.AddVersionAsync(Services, "sentiment", UserId, steps: 40, lossScale: 1.5, epochs: 5);
        var experimentId = int.Parse((await Services.GetRequiredService<MlflowExperiments>().GetByNameAsync("sentiment")).Value.ExperimentId, System.Globalization.CultureInfo.InvariantCulture);
        var module = JSInterop.SetupModule(ModulePath);

        var cut = Render<ExperimentPage>(p => p.Add(c => c.Id, experimentId));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=run-link]").Count));
        var headers = cut.FindAll("[data-testid=runs-table] thead th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("n_epochs", headers);
        Assert.Contains("train_loss", headers);
        Assert.Equal(["3", "5"], cut.FindAll("[data-testid=runs-table] tbody tr").Select(r => r.QuerySelectorAll("td").Select(d => d.TextContent.Trim()).ToList())
            .Select(cells => cells[headers.IndexOf("n_epochs")]).Order().ToArray());

        foreach (var box in cut.FindAll("[data-testid=runs-table] tbody tr input[type=checkbox]"))
        {
            box.Change(true);
        }

        // The selection and the navigation each land with a render that may trail the event under load.
        cut.WaitForAssertion(() => Assert.Contains("(2)", cut.Find("[data-testid=compare-runs]").TextContent));
        cut.Find("[data-testid=compare-runs]").Click();
        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches($@"/experiments/{experimentId}/compare\?run=mhjob-\d+&run=mhjob-\d+$", navigation.Uri));

        var compare = Render<RunCompare>(p => p.Add(c => c.Id, experimentId));
        compare.WaitForAssertion(() => Assert.Equal(4, compare.FindAll("[data-testid=compare-chart]").Count));
        compare.WaitForAssertion(() => Assert.Equal(5, module.Invocations["create"].Count));
        var series = Options(module.Invocations["create"][0].Arguments[1])["series"]!.AsArray();
        Assert.Equal(2, series.Count);
        var epochs = compare.FindAll("[data-testid=compare-parameters] tbody tr").Single(r => r.QuerySelector("td")!.TextContent == "n_epochs");
        Assert.Equal("true", epochs.GetAttribute("data-differs"));
        Assert.All(compare.FindAll("[data-testid=compared-versions] a"), a => Assert.Matches($@"^/experiments/{experimentId}/runs/mhjob-\d+$", a.GetAttribute("href")));
    }

    [Fact]
    public async Task A_run_page_charts_every_logged_metric_and_links_its_artifacts_for_download()
    {
        var experiments = Services.GetRequiredService<MlflowExperiments>();
        var runs = Services.GetRequiredService<MlflowRuns>();
        var experimentId = (await experiments.CreateAsync("pipelines")).Value;
        var run = (await runs.CreateAsync(new MlflowRuns.NewRun(experimentId, null, 1, "nightly", []), Actor.User(UserId, Email))).Value.Info.RunId;
        await runs.LogBatchAsync(run, [.. Enumerable.Range(0, 50).Select(i => new MetricView("loss", 1.0 / (i + 1), 1, i))], [new KeyValue("lr", "0.1")], []);
        await runs.LogBatchAsync(run, [new MetricView("f1", 0.8, 1, 0)], [], []);
        await Services.GetRequiredService<MlflowArtifactStore>().WriteAsync($"{experimentId}/{run}/artifacts/model/metadata.json", new MemoryStream(Encoding.UTF8.GetBytes("{}")));
        var module = JSInterop.SetupModule(ModulePath);

        var cut = Render<RunPage>(p => p.Add(c => c.Id, int.Parse(experimentId, System.Globalization.CultureInfo.InvariantCulture)).Add(c => c.RunId, run));

        cut.WaitForAssertion(() => Assert.Equal(2, module.Invocations["create"].Count));
        var charts = cut.FindAll("[data-testid=run-chart]").ToDictionary(c => c.GetAttribute("data-metric")!, c => c.GetAttribute("data-points"));
        Assert.Equal("50", charts["loss"]);
        Assert.Equal("1", charts["f1"]);
        var link = cut.Find("[data-testid=run-artifacts] a");
        Assert.Equal($"/api/experiments/{experimentId}/runs/{run}/artifacts/model/metadata.json", link.GetAttribute("href"));
        Assert.Equal("Download model/metadata.json", link.GetAttribute("aria-label"));
        Assert.Contains("0.1", cut.Find("[data-testid=run-params]").TextContent);
    }

    [Fact]
    public async Task A_run_asked_for_under_another_experiment_is_not_found()
    {
        await RegistrySeeder.AddVersionAsync(Services, "sentiment", UserId, steps: 5);
        var other = (await Services.GetRequiredService<MlflowExperiments>().CreateAsync("pipelines")).Value;
        var jobId = await JobsApi.WithDbAsync(Services, db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.FineTuneJobs.Select(j => j.Id)));

        var cut = Render<RunPage>(p => p.Add(c => c.Id, int.Parse(other, System.Globalization.CultureInfo.InvariantCulture)).Add(c => c.RunId, $"mhjob-{jobId}"));

        cut.WaitForAssertion(() => Assert.Contains("There is no run", cut.Find("[data-testid=empty-state]").TextContent));
    }

    private static JsonNode Options(object? argument) =>
        JsonSerializer.SerializeToNode(argument, argument!.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
}
