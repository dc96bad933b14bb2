using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Peers;

/// <summary><c>mlflow.register_model("runs:/mhjob-N/model", name)</c> works for a ModelHub job's run as for a logged run.</summary>
public sealed class RegisterJobRunPeerTests
{
    [Fact]
    public async Task Register_model_of_a_job_run_takes_the_jobs_fine_tuned_model_into_any_model()
    {
        await using var app = new ModelHubFactory(realHttp: true);
        var user = await app.CreateUserAsync("jobs@example.com", "register-job-run-password-2026", Roles.Engineer);
        var token = await app.IssueTokenAsync(user.Id);
        var jobId = await RegistrySeeder.AddSucceededJobAsync(app.Services, "sentiment", user.Id);
        var fineTuned = await JobsApi.WithDbAsync(app.Services, db => Task.FromResult(db.FineTuneJobs.Single(j => j.Id == jobId).FineTunedModel));
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var models = new[] { "sentiment-copy", "sentiment-second" };
        foreach (var model in models)
        {
            (await http.PostAsJsonAsync("/api/2.0/mlflow/registered-models/create", new { name = model })).EnsureSuccessStatusCode();
        }

        foreach (var model in models)
        {
            var (exit, output, errors) = await MlflowPeer.RunAsync(app.ServerAddress, MlflowPeer.Token(token), "register_job_run.py", $"mhjob-{jobId}", model);

            Assert.True(exit == 0, $"register_job_run.py failed ({exit}):\n{output}\n{errors}");
            var version = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
            Assert.Equal("1", version.GetProperty("version").GetString());
            Assert.Equal($"mhjob-{jobId}", version.GetProperty("run_id").GetString());
            Assert.Equal(fineTuned, version.GetProperty("tags").GetProperty("modelhub.provider_model_id").GetString());
        }

        using var byRun = JsonDocument.Parse(await http.GetStringAsync(
            $"/api/2.0/mlflow/model-versions/search?filter={Uri.EscapeDataString($"run_id = 'mhjob-{jobId}'")}"));
        // The job's own version (the tracker registers a succeeded job) is found by its run id as well.
        var names = byRun.RootElement.GetProperty("model_versions").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
        Assert.Contains("sentiment-copy", names);
        Assert.Contains("sentiment-second", names);
    }
}
