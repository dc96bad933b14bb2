using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Providers;
using ModelHub.Core.Registry;
using ModelHub.Core.Simulator;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.FineTuning.Integration;

/// <summary>Jobs launched through <c>/api/jobs</c> against the app's own simulator over real HTTP, followed by the tracker.</summary>
public sealed class JobLifecycleTests
{
    /// <summary>Fast jobs (a few seconds) and fast polling; the figures are what the tests run with, not the defaults.</summary>
    internal static Dictionary<string, string?> FastSettings(double timeScale = 40) => new()
    {
        ["Simulator:TimeScale"] = timeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Simulator:Faults:RetryAfterSeconds"] = "0",
        ["HolySheep:RetryBaseDelay"] = "00:00:00.010",
        ["FineTuning:PollIntervalRunningMs"] = "100",
        ["FineTuning:PollIntervalQueuedMs"] = "200",
        ["FineTuning:ErrorBackoffMs"] = "100",
        ["FineTuning:MaxBackoffMs"] = "1000",
    };

    [Fact]
    public async Task A_job_launched_through_the_API_succeeds_and_registers_exactly_one_version_with_complete_lineage()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: FastSettings());
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);

        var launched = await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation));
        var id = (int)launched["id"]!;
        Assert.Equal("sentiment", (string?)launched["model"]);
        Assert.Contains((string)launched["status"]!, new[] { "validating_files", "queued", "running" });
        Assert.Equal(3, (int)launched["hyperparameters"]!["nEpochs"]!);
        Assert.Equal("auto", (string?)launched["hyperparameters"]!["batchSize"]);
        Assert.True((decimal)launched["estimatedCostUsd"]! > 0);

        var done = await api.WaitForEndAsync(id);
        Assert.Equal("succeeded", (string?)done["status"]);
        Assert.Equal("sentiment", (string?)done["version"]!["model"]);
        Assert.Equal(1, (int)done["version"]!["number"]!);
        Assert.Equal((int)done["progress"]!["totalSteps"]!, (int)done["progress"]!["step"]!);
        Assert.True((double)done["metrics"]!["train_loss"]! > 0);
        Assert.StartsWith("ft:gpt-4o-mini", (string?)done["fineTunedModel"]);

        await AssertOneVersionWithLineageAsync(app, id, training, validation, api.UserId);
        await AssertEventsStoredOnceAsync(app, id);
        await AssertAuditedAsync(app, api, id);
    }

    [Fact]
    public async Task A_dataset_is_uploaded_to_the_provider_once_and_its_file_id_reused_by_later_launches()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: FastSettings());
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);

        var first = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;
        var second = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation, suffix: "again")))["id"]!;
        Assert.NotEqual(first, second);

        var remembered = await JobsApi.WithDbAsync(app.Services, db => db.Set<Core.Datasets.DatasetProviderFile>()
            .OrderBy(f => f.DatasetId).Select(f => new { f.DatasetId, f.FileId, f.Provider }).ToListAsync());
        Assert.Equal([training, validation], remembered.Select(f => f.DatasetId));
        Assert.All(remembered, f => Assert.EndsWith("/simulator/v1", f.Provider));

        // The provider holds those two files and no copy: the second launch sent none.
        var fineTuneFiles = app.Services.GetRequiredService<SimulatorEngine>().ListFiles(SimulatorEngine.FineTunePurpose);
        Assert.Equal(remembered.Select(f => f.FileId).Order(), fineTuneFiles.Select(f => f.Id).Order());
    }

    /// <summary>The launch is on record under the engineer, the new model and the registration under the system, and the chain holds.</summary>
    private static async Task AssertAuditedAsync(ModelHubFactory app, JobsApi api, int jobId)
    {
        var entries = JsonNode.Parse(await api.Http.GetStringAsync("/api/audit?pageSize=200"))!["items"]!.AsArray();
        var launched = Assert.Single(entries, e => (string?)e!["action"] == "job.launched");
        Assert.Equal(jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)launched!["objectId"]);
        Assert.Equal("engineer@example.com", (string?)launched["actorName"]);
        // Models are named by id in the audit log, whether created on their own or by a first launch.
        var modelId = await JobsApi.WithDbAsync(app.Services, db => db.RegisteredModels.Where(m => m.Name == "sentiment").Select(m => m.Id).SingleAsync());
        Assert.Single(entries, e => (string?)e!["action"] == "model.created" && (string?)e["objectId"] == modelId.ToString(System.Globalization.CultureInfo.InvariantCulture) && (string?)e["objectName"] == "sentiment");
        var registered = Assert.Single(entries, e => (string?)e!["action"] == "version.registered");
        Assert.Equal("sentiment:1", (string?)registered!["objectId"]);
        Assert.Equal("system", (string?)registered["actorName"]);

        var verify = JsonNode.Parse(await (await api.Http.PostAsync("/api/audit/verify", null)).Content.ReadAsStringAsync())!;
        Assert.True((bool)verify["ok"]!);
    }

    [Fact]
    public async Task With_30_percent_injected_provider_errors_the_outcome_is_the_same()
    {
        // No HTTP retries, so every injected error reaches the tracker; faults start once the job is launched.
        var settings = FastSettings();
        settings["HolySheep:MaxRetries"] = "0";
        await using var app = new ModelHubFactory(realHttp: true, settings: settings);
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);

        var id = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;
        app.Services.GetRequiredService<SimulatorFaults>().ErrorRate = 0.3;
        var done = await api.WaitForEndAsync(id, TimeSpan.FromSeconds(60));

        app.Services.GetRequiredService<SimulatorFaults>().ErrorRate = 0;
        Assert.Equal("succeeded", (string?)done["status"]);
        Assert.Equal(1, (int)done["version"]!["number"]!);
        await AssertOneVersionWithLineageAsync(app, id, training, validation, api.UserId);
        await AssertEventsStoredOnceAsync(app, id);
        Assert.Contains(app.Logs.Lines, line => line.Contains($"Polling job {id} failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restart_mid_job_resumes_the_job_completes_it_and_stores_no_event_twice()
    {
        using var folder = new TempFolder("restart");
        int id, training, validation;
        string userId, token;
        await using (var first = new ModelHubFactory(realHttp: true, settings: FastSettings(timeScale: 15), dataFolder: folder.Path))
        {
            using var api = await JobsApi.SignInAsync(first);
            userId = api.UserId;
            token = api.Http.DefaultRequestHeaders.Authorization!.Parameter!;
            (training, validation) = await DatasetSeeder.AddCleanSampleAsync(first.Services, userId);
            id = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;
            await api.WaitForAsync(id, job => (string?)job["status"] == "running" && (int)job["progress"]!["step"]! > 0);
        }

        await using var second = new ModelHubFactory(realHttp: true, settings: FastSettings(timeScale: 15), dataFolder: folder.Path);
        using var http = new HttpClient { BaseAddress = second.ServerAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var resumed = new JobsApi(http, userId);

        var done = await resumed.WaitForEndAsync(id);
        Assert.Equal("succeeded", (string?)done["status"]);
        Assert.Contains(second.Logs.Lines, line => line.Contains($"Following job {id}.", StringComparison.Ordinal));
        await AssertOneVersionWithLineageAsync(second, id, training, validation, userId);
        await AssertEventsStoredOnceAsync(second, id);
    }

    [Fact]
    public async Task A_cancelled_job_stays_visible_as_cancelled_and_is_never_registered()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: FastSettings(timeScale: 2));
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);
        var id = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;

        using var cancel = await api.Http.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var done = await api.WaitForEndAsync(id);

        Assert.Equal("cancelled", (string?)done["status"]);
        Assert.Null(done["version"]);
        Assert.Equal(0, await JobsApi.WithDbAsync(app.Services, db => db.ModelVersions.CountAsync()));
        var list = JsonNode.Parse(await api.Http.GetStringAsync("/api/jobs?status=cancelled"))!.AsArray();
        Assert.Equal(id, (int)list.Single()!["id"]!);
        using var again = await api.Http.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_job_the_provider_fails_stays_visible_with_the_providers_reason_and_is_never_registered()
    {
        var settings = FastSettings();
        settings["Simulator:Faults:FailNextJobMessage"] = "The learning rate diverged at step 12.";
        await using var app = new ModelHubFactory(realHttp: true, settings: settings);
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);

        var id = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;
        var done = await api.WaitForEndAsync(id);

        Assert.Equal("failed", (string?)done["status"]);
        Assert.Contains("The learning rate diverged at step 12.", (string?)done["error"]!["message"]);
        Assert.Null(done["version"]);
        Assert.Equal(0, await JobsApi.WithDbAsync(app.Services, db => db.ModelVersions.CountAsync()));
        var listed = JsonNode.Parse(await api.Http.GetStringAsync("/api/jobs?model=sentiment"))!.AsArray();
        Assert.Equal("failed", (string?)listed.Single()!["status"]);
    }

    [Fact]
    public async Task Invalid_launches_get_problem_details_naming_the_field()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: FastSettings());
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);

        async Task<JsonElement> ProblemAsync(object body)
        {
            using var response = await api.Http.PostAsJsonAsync("/api/jobs", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        Assert.Equal("model", (await ProblemAsync(JobsApi.Launch("Not A Name!", training, validation))).GetProperty("field").GetString());
        Assert.Equal("nEpochs", (await ProblemAsync(JobsApi.Launch("sentiment", training, validation, epochs: 99))).GetProperty("field").GetString());
        Assert.Equal("trainingDatasetId", (await ProblemAsync(JobsApi.Launch("sentiment", validation, null))).GetProperty("field").GetString());
        Assert.Equal(0, await JobsApi.WithDbAsync(app.Services, db => db.FineTuneJobs.CountAsync()));

        // A viewer can read but not launch.
        var viewer = await app.CreateUserAsync("viewer@example.com", "viewer-password-2026");
        using var viewerHttp = new HttpClient { BaseAddress = app.ServerAddress };
        viewerHttp.DefaultRequestHeaders.Authorization = new("Bearer", await app.IssueTokenAsync(viewer.Id));
        using var forbidden = await viewerHttp.PostAsJsonAsync("/api/jobs", JobsApi.Launch("sentiment", training, validation));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewerHttp.GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task A_pipeline_following_the_job_on_the_hub_receives_its_changes_until_it_ends()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: FastSettings(timeScale: 20));
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);
        var token = api.Http.DefaultRequestHeaders.Authorization!.Parameter!;

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.ServerAddress, "/hubs/jobs"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var statuses = new List<string>();
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var metrics = 0;
        hub.On<JsonElement>("JobChanged", change =>
        {
            var status = change.GetProperty("status").GetString()!;
            lock (statuses)
            {
                statuses.Add(status);
            }

            if (status is "succeeded" or "failed" or "cancelled")
            {
                ended.TrySetResult(status);
            }
        });
        hub.On<JsonElement>("JobMetricsAdded", _ => Interlocked.Increment(ref metrics));
        await hub.StartAsync();

        var id = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;
        await hub.InvokeAsync("FollowJob", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("succeeded", await ended.Task.WaitAsync(TimeSpan.FromSeconds(45)));
        Assert.Contains("running", statuses);
        Assert.True(metrics > 0);
    }

    internal static async Task AssertOneVersionWithLineageAsync(ModelHubFactory app, int jobId, int training, int validation, string userId)
    {
        var versions = await JobsApi.WithDbAsync(app.Services, db => db.ModelVersions.Include(v => v.RegisteredModel).ToListAsync());
        var version = Assert.Single(versions);
        var job = await JobsApi.WithDbAsync(app.Services, db => db.FineTuneJobs.SingleAsync(j => j.Id == jobId));
        var datasets = await JobsApi.WithDbAsync(app.Services, db => db.Datasets.ToDictionaryAsync(d => d.Id, d => d.Sha256));
        var points = await JobsApi.WithDbAsync(app.Services, db => db.MetricPoints.CountAsync(p => p.JobId == jobId));

        Assert.Equal("sentiment", version.RegisteredModel!.Name);
        Assert.Equal(1, version.Number);
        Assert.Equal(ModelStage.None, version.Stage);
        Assert.Equal(jobId, version.JobId);
        Assert.Equal(job.FineTunedModel, version.ProviderModelId);
        Assert.Equal("gpt-4o-mini-2024-07-18", version.BaseModel);
        Assert.Equal(training, version.TrainingDatasetId);
        Assert.Equal(datasets[training], version.TrainingDatasetSha256);
        Assert.Equal(validation, version.ValidationDatasetId);
        Assert.Equal(datasets[validation], version.ValidationDatasetSha256);
        Assert.Equal(3, version.NEpochs);
        Assert.True(version.BatchSize > 0, "The batch size the provider chose for \"auto\" is part of the lineage.");
        Assert.Equal(42, version.Seed);
        Assert.Equal(userId, version.CreatedById);
        Assert.True(version.TrainedTokens > 0);
        Assert.True(version.CostUsd > 0);
        var final = JsonSerializer.Deserialize<Dictionary<string, double>>(version.FinalMetricsJson)!;
        Assert.Contains("train_loss", final.Keys);
        Assert.Contains("valid_loss", final.Keys);
        Assert.True(points >= 4 * job.TotalSteps / 2, $"Only {points} metric points for {job.TotalSteps} steps.");
    }

    internal static async Task AssertEventsStoredOnceAsync(ModelHubFactory app, int jobId)
    {
        var stored = await JobsApi.WithDbAsync(app.Services, db => db.JobEvents.Where(e => e.JobId == jobId).Select(e => e.ProviderEventId).ToListAsync());
        var providerJobId = await JobsApi.WithDbAsync(app.Services, db => db.FineTuneJobs.Where(j => j.Id == jobId).Select(j => j.ProviderJobId!).SingleAsync());
        var provider = app.Services.GetRequiredService<IFineTuningProvider>();
        var remote = await ProviderFlow.AllEventsAsync(provider, providerJobId);

        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.Equal(remote.Select(e => e.Id).Order(), stored.Order());
    }
}
