using System.Text.Json;
using ModelHub.Tests.FineTuning.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Peers;

/// <summary>A version trained in ModelHub (on the simulator) is read back through the unmodified MLflow client.</summary>
public sealed class JobRunPeerTests
{
    [Fact]
    public async Task MLflow_reads_the_metrics_and_params_of_a_version_trained_in_ModelHub_and_cannot_write_to_its_run()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: JobLifecycleTests.FastSettings());
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);
        var id = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation, epochs: 2)))["id"]!;
        var done = await api.WaitForEndAsync(id);
        Assert.Equal("succeeded", (string?)done["status"]);
        var version = ((int)done["version"]!["number"]!).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = (api.Http.DefaultRequestHeaders.Authorization?.Parameter)!;

        var (exit, output, errors) = await MlflowPeer.RunAsync(app.ServerAddress, MlflowPeer.Token(token), "job_run.py", "sentiment", version);

        Assert.True(exit == 0, $"job_run.py failed ({exit}):\n{output}\n{errors}");
        var run = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal($"mhjob-{id}", run.GetProperty("run_id").GetString());
        Assert.Equal("sentiment", run.GetProperty("experiment").GetString());
        Assert.Equal("FINISHED", run.GetProperty("status").GetString());
        Assert.Equal((double)done["metrics"]!["train_loss"]!, run.GetProperty("metrics").GetProperty("train_loss").GetDouble(), 9);
        Assert.Equal("2", run.GetProperty("params").GetProperty("n_epochs").GetString());
        Assert.Equal("gpt-4o-mini-2024-07-18", run.GetProperty("params").GetProperty("base_model").GetString());
        Assert.Equal((string?)done["fineTunedModel"], run.GetProperty("params").GetProperty("fine_tuned_model").GetString());
        Assert.Equal(64, run.GetProperty("tags").GetProperty("modelhub.training_dataset_sha256").GetString()!.Length);
        Assert.Equal(64, run.GetProperty("tags").GetProperty("modelhub.validation_dataset_sha256").GetString()!.Length);
        var steps = run.GetProperty("history_steps").EnumerateArray().Select(s => s.GetInt64()).ToList();
        Assert.True(steps.Count > 1, $"history: {steps.Count} points");
        Assert.Equal(steps.Order(), steps);
        Assert.Equal("PERMISSION_DENIED", run.GetProperty("write").GetString());
    }
}
