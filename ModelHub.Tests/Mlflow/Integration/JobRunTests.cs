using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Integration;

/// <summary>Fine-tune jobs answer as MLflow runs of the experiment named after their model, read-only.</summary>
public sealed class JobRunTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new();
    private HttpClient engineer = null!;
    private string engineerId = "";

    public async Task InitializeAsync()
    {
        var user = await app.CreateUserAsync("engineer@example.com", "mlflow-jobs-password-2026", Roles.Engineer);
        engineerId = user.Id;
        engineer = app.CreateClient();
        engineer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(user.Id));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_job_answers_as_a_run_with_its_hyperparameters_dataset_hashes_and_metric_history()
    {
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", engineerId, steps: 20, epochs: 3);
        var (jobId, sha) = await JobsApi.WithDbAsync(app.Services, db => db.FineTuneJobs
            .Select(j => new { j.Id, Sha = db.Datasets.Where(d => d.Id == j.TrainingDatasetId).Select(d => d.Sha256).Single() })
            .SingleAsync().ContinueWith(t => (t.Result.Id, t.Result.Sha)));
        var runId = $"mhjob-{jobId}";

        var experiment = await GetJsonAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=sentiment");
        var experimentId = experiment.GetProperty("experiment").GetProperty("experiment_id").GetString();
        var search = await PostJsonAsync("/api/2.0/mlflow/runs/search", new { experiment_ids = new[] { experimentId } });
        var run = Assert.Single(search.GetProperty("runs").EnumerateArray());
        Assert.Equal(runId, run.GetProperty("info").GetProperty("run_id").GetString());
        Assert.Equal("FINISHED", run.GetProperty("info").GetProperty("status").GetString());
        var data = run.GetProperty("data");
        Assert.Equal("3", Value(data.GetProperty("params"), "n_epochs"));
        Assert.Equal("gpt-4o-mini-2024-07-18", Value(data.GetProperty("params"), "base_model"));
        Assert.Equal(sha, Value(data.GetProperty("tags"), "modelhub.training_dataset_sha256"));
        var loss = data.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "train_loss");
        Assert.Equal(20, loss.GetProperty("step").GetInt64());

        var history = await GetJsonAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=train_loss");
        Assert.Equal(Enumerable.Range(1, 20), history.GetProperty("metrics").EnumerateArray().Select(m => (int)m.GetProperty("step").GetInt64()));

        var version = await GetJsonAsync("/api/2.0/mlflow/model-versions/get?name=sentiment&version=1");
        Assert.Equal(runId, version.GetProperty("model_version").GetProperty("run_id").GetString());
        var byRun = await GetJsonAsync($"/api/2.0/mlflow/model-versions/search?filter={Uri.EscapeDataString($"run_id = '{runId}'")}");
        Assert.Equal("1", Assert.Single(byRun.GetProperty("model_versions").EnumerateArray()).GetProperty("version").GetString());
        var filtered = await PostJsonAsync("/api/2.0/mlflow/runs/search", new { experiment_ids = new[] { experimentId }, filter = "params.n_epochs = '4'" });
        Assert.False(filtered.TryGetProperty("runs", out var none) && none.GetArrayLength() > 0);
    }

    [Fact]
    public async Task Writes_to_a_job_run_through_MLflow_are_refused_with_PERMISSION_DENIED_and_change_nothing()
    {
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", engineerId, steps: 5);
        var jobId = await JobsApi.WithDbAsync(app.Services, db => db.FineTuneJobs.Select(j => j.Id).SingleAsync());
        var runId = $"mhjob-{jobId}";

        await AssertRefusedAsync(await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-metric", new { run_id = runId, key = "train_loss", value = 9.0, timestamp = 1, step = 99 }));
        await AssertRefusedAsync(await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/set-tag", new { run_id = runId, key = "k", value = "v" }));
        await AssertRefusedAsync(await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/update", new { run_id = runId, status = "KILLED" }));
        await AssertRefusedAsync(await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/delete", new { run_id = runId }));
        await AssertRefusedAsync(await engineer.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/1/{runId}/artifacts/x", new StringContent("x")));

        var run = await GetJsonAsync($"/api/2.0/mlflow/runs/get?run_id={runId}");
        Assert.Equal("FINISHED", run.GetProperty("run").GetProperty("info").GetProperty("status").GetString());
        Assert.Equal(5, await JobsApi.WithDbAsync(app.Services, db => db.MetricPoints.CountAsync(p => p.JobId == jobId && p.Name == "train_loss")));
    }

    [Fact]
    public async Task An_unknown_job_run_is_RESOURCE_DOES_NOT_EXIST()
    {
        var response = await engineer.GetAsync("/api/2.0/mlflow/runs/get?run_id=mhjob-424242");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", await response.Content.ReadAsStringAsync());
    }

    private static string? Value(JsonElement pairs, string key) =>
        pairs.EnumerateArray().Where(p => p.GetProperty("key").GetString() == key).Select(p => p.GetProperty("value").GetString()).SingleOrDefault();

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await engineer.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> PostJsonAsync(string url, object body)
    {
        var response = await engineer.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Equal("PERMISSION_DENIED", body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("fine-tune job", body.RootElement.GetProperty("message").GetString());
    }
}
