using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Core.Mlflow;
using ModelHub.Tests.Support;


namespace ModelHub.Tests.Mlflow.Browser;

[Trait("Category", "Browser")]
public sealed class ExperimentsBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true))
{
    private const string Email = "engineer@example.com";
    private const string Password = "engineer-password-2026";

    [Fact]
    public Task From_the_experiments_list_a_run_page_draws_its_metric_chart_and_serves_its_artifact_to_the_signed_in_browser() =>
        Browser.RunAsync("experiments", ScenarioAsync);

    private async Task ScenarioAsync()
    {
        var engineer = await App.CreateUserAsync(Email, Password, Roles.Engineer);
        var experimentId = (await App.Services.GetRequiredService<MlflowExperiments>().CreateAsync("pipelines")).Value;
        var runs = App.Services.GetRequiredService<MlflowRuns>();
        var run = (await runs.CreateAsync(new MlflowRuns.NewRun(experimentId, null, 1, "nightly", []), Actor.User(engineer.Id, Email))).Value.Info.RunId;
        await runs.LogBatchAsync(run, [.. Enumerable.Range(0, 40).Select(i => new MetricView("loss", 2.0 / (i + 1), 1, i))], [], []);
        await App.Services.GetRequiredService<MlflowArtifactStore>().WriteAsync($"{experimentId}/{run}/artifacts/model_metadata.json", new MemoryStream(Encoding.UTF8.GetBytes("{\"ok\":1}")));

        var page = await Browser.NewPageAsync(App.ServerAddress);
        await page.SignInAsync(Email, Password);
        await page.GotoAsync("/experiments");
        await page.WaitForInteractiveAsync();
        await page.Locator("[data-testid=experiment-link]", new() { HasText = "pipelines" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/experiments/{experimentId}$"), new() { Timeout = 20_000 });
        await page.Locator("[data-testid=run-link]", new() { HasText = "nightly" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/experiments/{experimentId}/runs/{run}$"), new() { Timeout = 20_000 });

        var chart = page.Locator("#run-loss");
        await Assertions.Expect(chart.Locator(".apexcharts-series[seriesName]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Assertions.Expect(chart.Locator(".apexcharts-series path").First).ToHaveAttributeAsync("d", new Regex("^M"));
        await BrowserSession.ScreenshotAsync(page, "experiments-01-run");

        var href = await page.Locator("[data-testid=run-artifacts] a").GetAttributeAsync("href");
        var download = await page.Context.APIRequest.GetAsync(new Uri(App.ServerAddress, href).ToString());
        Assert.Equal(200, download.Status);
        Assert.Equal("{\"ok\":1}", await download.TextAsync());
        await page.AssertNoErrorUiAsync();
    }
}
