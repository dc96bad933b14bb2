using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Core.Simulator;
using ModelHub.Tests.FineTuning.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Integration;

/// <summary>
/// The app with its own simulator over real HTTP and two trained versions of <c>sentiment</c>: one from the clean
/// sample, one from the shuffled-label sample. Trained once for the class; each test only reads or adds gate runs.
/// </summary>
public sealed class TrainedSentimentModel : IAsyncLifetime
{
    // Runs here start through the API, which queues them at once. The pick-up of runs started on other instances is
    // pushed out of the tests' reach: otherwise this app takes the run the restart test leaves "running" on purpose and
    // evaluates it before the restarted app can mark it interrupted (a race lost whenever start-up takes over a second).
    public ModelHubFactory App { get; } = new(realHttp: true, settings: new Dictionary<string, string?>(JobLifecycleTests.FastSettings()) { ["Gates:PickupInterval"] = "01:00:00" });

    public JobsApi Api { get; private set; } = null!;

    public int CleanVersion { get; private set; }

    public int ShuffledVersion { get; private set; }

    public int ValidationDatasetId { get; private set; }

    public async Task InitializeAsync()
    {
        Api = await JobsApi.SignInAsync(App);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(App.Services, Api.UserId);
        var shuffled = await DatasetSeeder.AddAsync(App.Services, "sentiment-shuffled", SampleDatasets.ShuffledTrain(), DatasetPurpose.Training, Api.UserId);
        ValidationDatasetId = validation;

        var clean = (int)(await Api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;
        var noise = (int)(await Api.LaunchAsync(JobsApi.Launch("sentiment", shuffled, validation, suffix: "noise")))["id"]!;
        CleanVersion = (int)(await Api.WaitForEndAsync(clean))["version"]!["number"]!;
        ShuffledVersion = (int)(await Api.WaitForEndAsync(noise))["version"]!["number"]!;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class GateRunTests(TrainedSentimentModel model) : IClassFixture<TrainedSentimentModel>
{
    private HttpClient Http => model.Api.Http;

    [Fact]
    public async Task A_gate_run_passes_for_the_clean_version_and_fails_for_the_shuffled_label_version()
    {
        await PutGateAsync(new { rules = new[] { new { metric = "eval_accuracy", @operator = ">=", threshold = 0.8 } }, notWorseThanProduction = new[] { "eval_accuracy" } });

        var cleanId = await StartAsync(model.CleanVersion, model.ValidationDatasetId);
        var shuffledId = await StartAsync(model.ShuffledVersion, model.ValidationDatasetId);
        var clean = await WaitForEndAsync(cleanId);
        var shuffled = await WaitForEndAsync(shuffledId);

        Assert.Equal("passed", (string?)clean["status"]);
        Assert.True((double)clean["metrics"]!["eval_accuracy"]! >= 0.8, clean.ToJsonString());
        Assert.NotNull(clean["metrics"]!["eval_macro_f1"]);
        Assert.NotNull(clean["metrics"]!["eval_exact_match"]);
        Assert.Equal(SampleDatasets.ValidationCount, (int)clean["progress"]!["completed"]!);
        Assert.Equal(SampleDatasets.ValidationCount, (int)clean["progress"]!["total"]!);
        Assert.Equal(3, clean["perLabel"]!.AsArray().Count);
        var rule = clean["rules"]!.AsArray().Single()!;
        Assert.True((bool)rule["passed"]!);
        Assert.EndsWith(">= 0.8 ✓", (string?)rule["message"]);
        Assert.Contains("no production version to compare", (string?)clean["notWorseThanProduction"]![0]!["message"]);
        Assert.True((long)clean["promptTokens"]! > 0);
        Assert.True((long)clean["completionTokens"]! > 0);
        Assert.True((decimal)clean["costUsd"]! > 0);

        Assert.Equal("failed", (string?)shuffled["status"]);
        var failedRule = shuffled["rules"]!.AsArray().Single()!;
        Assert.False((bool)failedRule["passed"]!);
        Assert.Matches(@"^eval_accuracy 0\.\d+ >= 0\.8 ✗$", (string?)failedRule["message"]);
        Assert.True((double)shuffled["metrics"]!["eval_accuracy"]! < 0.8);
        var failedCount = (int)shuffled["failedExamples"]!["count"]!;
        Assert.True(failedCount > 0);
        var shown = shuffled["failedExamples"]!["shown"]!.AsArray();
        Assert.Equal(failedCount, shown.Count);
        Assert.All(shown, f => Assert.NotEqual((string?)f!["expected"], (string?)f!["actual"]));

        var listed = JsonNode.Parse(await Http.GetStringAsync($"/api/models/sentiment/versions/{model.ShuffledVersion}/gate-runs"))!.AsArray();
        Assert.Equal(shuffledId, (int)listed[0]!["id"]!);

        // The engineer's configuration and start, and ModelHub's verdict, are in the audit log.
        Assert.Contains(await AuditAsync("gate.configured"), e => (string?)e["objectName"] == "sentiment" && (string?)e["actorId"] == model.Api.UserId);
        var started = await AuditAsync("gate-run.started");
        Assert.Contains(started, e => (string?)e["objectId"] == shuffledId.ToString() && (string?)e["actorId"] == model.Api.UserId);
        var verdict = (await AuditAsync("gate-run.finished")).Single(e => (string?)e["objectId"] == shuffledId.ToString());
        Assert.Equal(("system", $"sentiment v{model.ShuffledVersion}"), ((string?)verdict["actorName"], (string?)verdict["objectName"]));
        Assert.Equal("failed", (string?)JsonNode.Parse((string)verdict["after"]!)!["status"]);
    }

    private async Task<List<JsonNode>> AuditAsync(string action) =>
        [.. JsonNode.Parse(await Http.GetStringAsync($"/api/audit?action={action}&pageSize=200"))!["items"]!.AsArray().Select(e => e!)];

    [Fact]
    public async Task Only_engineers_configure_gates_and_start_runs_while_any_signed_in_user_reads_them()
    {
        var reviewer = await model.App.CreateUserAsync($"reviewer-{Guid.NewGuid():N}@example.com", "reviewer-password-2026", Roles.Reviewer);
        using var reviewerHttp = new HttpClient { BaseAddress = model.App.ServerAddress };
        reviewerHttp.DefaultRequestHeaders.Authorization = new("Bearer", await model.App.IssueTokenAsync(reviewer.Id));

        using var put = await reviewerHttp.PutAsJsonAsync("/api/models/sentiment/gate", new { rules = Array.Empty<object>() });
        using var start = await reviewerHttp.PostAsJsonAsync($"/api/models/sentiment/versions/{model.CleanVersion}/gate-runs", new { datasetId = model.ValidationDatasetId });
        using var read = await reviewerHttp.GetAsync("/api/models/sentiment/gate");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Refusals_are_problem_details_naming_what_is_wrong()
    {
        using var unknownDataset = await Http.PostAsJsonAsync($"/api/models/sentiment/versions/{model.CleanVersion}/gate-runs", new { datasetId = 9999 });
        using var unknownVersion = await Http.PostAsJsonAsync("/api/models/sentiment/versions/99/gate-runs", new { datasetId = model.ValidationDatasetId });
        using var badMetric = await Http.PutAsJsonAsync("/api/models/sentiment/gate",
            new { rules = new[] { new { metric = "eval_accuracy", @operator = ">=", threshold = 0.8 }, new { metric = "vibes", @operator = ">=", threshold = 0.5 } } });
        using var badOperator = await Http.PutAsJsonAsync("/api/models/sentiment/gate",
            new { rules = new[] { new { metric = "eval_accuracy", @operator = "=>", threshold = 0.8 } } });
        using var unknownRun = await Http.GetAsync("/api/gate-runs/424242");
        var archivedId = await DatasetSeeder.AddAsync(model.App.Services, "old-validation",
            string.Concat(SampleDatasets.CleanValidation().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(20).Select(line => line + "\n")), DatasetPurpose.Validation, model.Api.UserId);
        await JobsApi.WithDbAsync(model.App.Services, db => db.Datasets.Where(d => d.Id == archivedId).ExecuteUpdateAsync(s => s.SetProperty(d => d.ArchivedAt, DateTimeOffset.UtcNow)));
        using var archived = await Http.PostAsJsonAsync($"/api/models/sentiment/versions/{model.CleanVersion}/gate-runs", new { datasetId = archivedId });

        await AssertProblemAsync(unknownDataset, HttpStatusCode.NotFound, "not-found", "Dataset 9999");
        await AssertProblemAsync(unknownVersion, HttpStatusCode.NotFound, "not-found", "Version 99");
        var metric = await AssertProblemAsync(badMetric, HttpStatusCode.BadRequest, "invalid-gate", "vibes");
        Assert.Equal("rules[1].metric", (string?)metric["field"]);
        var op = await AssertProblemAsync(badOperator, HttpStatusCode.BadRequest, "invalid-gate", "=>");
        Assert.Equal("rules[0].operator", (string?)op["field"]);
        await AssertProblemAsync(unknownRun, HttpStatusCode.NotFound, "not-found", "Gate run 424242");
        var refused = await AssertProblemAsync(archived, HttpStatusCode.Conflict, "dataset-archived", "archived");
        Assert.Equal("Dataset archived", (string?)refused["title"]);
    }

    [Fact]
    public async Task Not_worse_than_production_evaluates_production_on_the_same_data_and_blocks_a_regression()
    {
        await PutGateAsync(new { rules = Array.Empty<object>(), notWorseThanProduction = new[] { "eval_accuracy" } });
        await SetStageAsync(model.CleanVersion, ModelStage.Production);
        try
        {
            var run = await WaitForEndAsync(await StartAsync(model.ShuffledVersion, model.ValidationDatasetId));

            Assert.Equal("failed", (string?)run["status"]);
            var comparison = run["notWorseThanProduction"]!.AsArray().Single()!;
            Assert.False((bool)comparison["passed"]!);
            Assert.Equal(model.CleanVersion, (int)comparison["productionVersion"]!);
            Assert.True((double)comparison["production"]! >= 0.8, run.ToJsonString());
            Assert.True((double)comparison["candidate"]! < (double)comparison["production"]!);
            Assert.EndsWith($"(production v{model.CleanVersion}) ✗", (string?)comparison["message"]);
        }
        finally
        {
            await SetStageAsync(model.CleanVersion, ModelStage.None);
        }
    }

    [Fact]
    public async Task A_run_reports_both_versions_on_the_same_dataset_and_a_later_run_reuses_productions_evaluation()
    {
        await PutGateAsync(new { rules = Array.Empty<object>(), notWorseThanProduction = Array.Empty<string>() });
        await SetStageAsync(model.CleanVersion, ModelStage.Production);
        // No earlier answers of the production version to this file, whatever ran before in this class.
        await JobsApi.WithDbAsync(model.App.Services, db => db.VersionEvaluations
            .Where(e => db.ModelVersions.Any(v => v.Id == e.ModelVersionId && v.Number == model.CleanVersion)).ExecuteDeleteAsync());
        try
        {
            var first = await WaitForEndAsync(await StartAsync(model.ShuffledVersion, model.ValidationDatasetId));
            var second = await WaitForEndAsync(await StartAsync(model.ShuffledVersion, model.ValidationDatasetId));

            var production = first["production"]!;
            Assert.Equal(model.CleanVersion, (int)production["version"]!);
            Assert.Null(production["reusedFromGateRunId"]);
            Assert.True((double)production["metrics"]!["eval_accuracy"]! > (double)first["metrics"]!["eval_accuracy"]!, first.ToJsonString());
            Assert.Equal(3, production["perLabel"]!.AsArray().Count);
            var labels = first["confusion"]!["labels"]!.AsArray().Select(l => (string?)l).ToList();
            Assert.Equal(labels, production["confusion"]!["labels"]!.AsArray().Select(l => (string?)l));
            Assert.Equal(SampleDatasets.ValidationCount, production["confusion"]!["rows"]!.AsArray()
                .Sum(r => r!["predicted"]!.AsArray().Sum(n => (int)n!) + (int)r!["other"]!));
            var disagreements = production["disagreements"]!;
            Assert.True((int)disagreements["count"]! > 0);
            Assert.All(disagreements["shown"]!.AsArray(), d => Assert.NotEqual((string?)d!["candidate"], (string?)d!["production"]));

            // Same version, same file: the second run reuses the first run's answers of production and pays only for the candidate.
            Assert.Equal((int)first["id"]!, (int?)second["production"]!["reusedFromGateRunId"]);
            Assert.Equal(production["metrics"]!.ToJsonString(), second["production"]!["metrics"]!.ToJsonString());
            Assert.Equal((int)disagreements["count"]!, (int)second["production"]!["disagreements"]!["count"]!);
            Assert.Equal((long)first["promptTokens"]!, 2 * (long)second["promptTokens"]!);

            // The reviewer's evidence carries both sides.
            await SetStageAsync(model.ShuffledVersion, ModelStage.Staging);
            using var requested = await Http.PostAsJsonAsync("/api/promotions", new { model = "sentiment", version = model.ShuffledVersion });
            var evidence = JsonNode.Parse(await requested.Content.ReadAsStringAsync())!["evidence"]!;
            Assert.True(requested.IsSuccessStatusCode, evidence.ToJsonString());
            Assert.Equal((int)second["id"]!, (int)evidence["gateRunId"]!);
            Assert.Equal(labels, evidence["confusion"]!["labels"]!.AsArray().Select(l => (string?)l));
            Assert.Equal(model.CleanVersion, (int)evidence["production"]!["version"]!);
            Assert.Equal((double)production["metrics"]!["eval_accuracy"]!, (double)evidence["production"]!["metrics"]!["accuracy"]!);
            Assert.NotNull(evidence["production"]!["confusion"]);
            Assert.Equal((int)disagreements["count"]!, (int)evidence["production"]!["disagreementCount"]!);
        }
        finally
        {
            await JobsApi.WithDbAsync(model.App.Services, db => db.PromotionRequests.ExecuteDeleteAsync());
            await SetStageAsync(model.ShuffledVersion, ModelStage.None);
            await SetStageAsync(model.CleanVersion, ModelStage.None);
        }
    }

    [Fact]
    public async Task A_provider_that_keeps_failing_ends_the_run_in_error_with_the_providers_message()
    {
        await PutGateAsync(new { rules = new[] { new { metric = "eval_accuracy", @operator = ">=", threshold = 0.8 } } });
        var faults = model.App.Services.GetRequiredService<SimulatorFaults>();
        faults.ErrorRate = 1;
        try
        {
            var run = await WaitForEndAsync(await StartAsync(model.CleanVersion, model.ValidationDatasetId));

            Assert.Equal("error", (string?)run["status"]);
            Assert.StartsWith("The provider answered", (string?)run["error"]);
            Assert.NotNull(run["finishedAt"]);
        }
        finally
        {
            faults.ErrorRate = 0;
        }
    }

    [Fact]
    public async Task A_run_left_running_by_a_previous_process_is_marked_as_interrupted_at_start_up()
    {
        var runId = await JobsApi.WithDbAsync(model.App.Services, async db =>
        {
            var versionId = await db.ModelVersions.Where(v => v.Number == model.CleanVersion).Select(v => v.Id).SingleAsync();
            var run = new GateRun
            {
                ModelVersionId = versionId, DatasetId = model.ValidationDatasetId, Status = GateRunStatus.Running,
                StartedAt = DateTimeOffset.UtcNow, ExampleCount = 100, RequestedById = model.Api.UserId,
            };
            db.GateRuns.Add(run);
            await db.SaveChangesAsync();
            return run.Id;
        });

        // A second app on the same data folder stands in for the restarted process.
        await using (var restarted = new ModelHubFactory(dataFolder: model.App.DataFolder))
        {
            _ = restarted.Services;
        }

        var interrupted = JsonNode.Parse(await Http.GetStringAsync($"/api/gate-runs/{runId}"))!;
        Assert.Equal("error", (string?)interrupted["status"]);
        Assert.Equal(GateRunner.InterruptedMessage, (string?)interrupted["error"]);
        var verdict = (await AuditAsync("gate-run.finished")).Single(e => (string?)e["objectId"] == runId.ToString());
        Assert.Equal(GateRunner.InterruptedMessage, (string?)JsonNode.Parse((string)verdict["after"]!)!["error"]);
    }

    private Task SetStageAsync(int version, ModelStage stage) =>
        // The registry's promotion flow is not part of this feature; the test sets the stage directly.
        JobsApi.WithDbAsync(model.App.Services, db => db.ModelVersions.Where(v => v.Number == version).ExecuteUpdateAsync(s => s.SetProperty(v => v.Stage, stage)));

    private async Task PutGateAsync(object gate)
    {
        using var response = await Http.PutAsJsonAsync("/api/models/sentiment/gate", gate);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<int> StartAsync(int version, int datasetId)
    {
        using var response = await Http.PostAsJsonAsync($"/api/models/sentiment/versions/{version}/gate-runs", new { datasetId });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!;
        Assert.Equal("running", (string?)body["status"]);
        return (int)body["id"]!;
    }

    private async Task<JsonNode> WaitForEndAsync(int id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var run = JsonNode.Parse(await Http.GetStringAsync($"/api/gate-runs/{id}"))!;
            if ((string?)run["status"] != "running")
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gate run {id} is still running: {run.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string detailPart)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(type, (string?)problem["type"]);
        Assert.Contains(detailPart, (string?)problem["detail"]);
        return problem;
    }
}
