using System.ClientModel;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;
using OpenAI;
using OpenAI.Files;
using Xunit.Abstractions;

using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Simulator.Unit;

namespace ModelHub.Tests.Simulator.Integration;

/// <summary>The whole flow over real HTTP: the provider (OpenAI SDK) against the simulator.</summary>
public sealed class SimulatorFlowTests(SimulatorHost host, ITestOutputHelper output) : IClassFixture<SimulatorHost>
{
    [Fact]
    public async Task Fine_tuned_model_scores_high_on_clean_validation_and_shuffled_label_model_scores_low()
    {
        await using var services = host.CreateProviderServices();
        var provider = services.GetRequiredService<IFineTuningProvider>();
        Assert.True(provider.Endpoint.IsSimulator);

        var train = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanTrainFile, SampleDatasets.CleanTrain());
        var validation = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanValidationFile, SampleDatasets.CleanValidation());
        var shuffled = await ProviderFlow.UploadAsync(provider, SampleDatasets.ShuffledTrainFile, SampleDatasets.ShuffledTrain());

        var cleanJob = await provider.CreateJobAsync(ProviderFlow.Job("mh-clean", train.Id, validation.Id, "clean"));
        var shuffledJob = await provider.CreateJobAsync(ProviderFlow.Job("mh-shuffled", shuffled.Id, validation.Id, "shuffled"));
        Assert.Equal("mh-clean", cleanJob.ModelHubJobId);
        Assert.Contains(cleanJob.Status, new[] { "validating_files", "queued", "running" });

        var clean = await ProviderFlow.FollowToEndAsync(provider, cleanJob.Id);
        var noisy = await ProviderFlow.FollowToEndAsync(provider, shuffledJob.Id);
        Assert.Equal("succeeded", clean.Status);
        Assert.Equal("succeeded", noisy.Status);
        Assert.Matches(@"^ft:gpt-4o-mini-2024-07-18:modelhub-sim:clean:[0-9a-f]{8}$", clean.FineTunedModel);
        Assert.True(clean.TrainedTokens > 0);
        Assert.Single(clean.ResultFileIds);

        var events = await ProviderFlow.AllEventsAsync(provider, clean.Id);
        var metrics = events.Where(e => e.Type == "metrics").Select(e => e.Metrics!).OrderBy(m => m.Step).ToList();
        Assert.Equal(metrics[0].TotalSteps, metrics.Count);
        Assert.All(metrics, m => Assert.True(m.TrainLoss > 0 && m.ValidLoss > 0 && m.TrainMeanTokenAccuracy is >= 0 and <= 1));
        Assert.True(metrics[^1].TrainLoss < metrics[0].TrainLoss, "training loss should fall");
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Contains(events, e => e.Message.Contains("successfully completed", StringComparison.Ordinal));

        using var http = host.CreateHttpClient();
        var resultCsv = (await http.GetStringAsync($"files/{clean.ResultFileIds[0]}/content")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("step,train_loss,", resultCsv[0]);
        Assert.Equal(metrics.Count, resultCsv.Length - 1);

        var checkpoints = await provider.ListCheckpointsAsync(clean.Id);
        Assert.Equal(3, checkpoints.Count);
        Assert.All(checkpoints, c => Assert.StartsWith(clean.FineTunedModel + ":ckpt-step-", c.FineTunedModelCheckpoint));

        var models = await provider.ListModelsAsync();
        Assert.Contains(models, m => m.Id == clean.FineTunedModel);

        var validationSet = SampleDatasets.CleanValidation();
        var cleanAccuracy = await ProviderFlow.AccuracyAsync(provider, clean.FineTunedModel!, validationSet);
        var shuffledAccuracy = await ProviderFlow.AccuracyAsync(provider, noisy.FineTunedModel!, validationSet);
        var baseAccuracy = await ProviderFlow.AccuracyAsync(provider, "gpt-4o-mini-2024-07-18", validationSet, take: 20);
        output.WriteLine($"accuracy: clean {cleanAccuracy:P0}, shuffled {shuffledAccuracy:P0}, base {baseAccuracy:P0}; final valid loss {metrics[^1].ValidLoss}");

        Assert.True(cleanAccuracy >= 0.8);
        Assert.True(shuffledAccuracy < 0.6);
        Assert.True(baseAccuracy < 0.2);
    }

    [Fact]
    public async Task Creating_a_job_twice_with_the_same_ModelHub_id_returns_the_same_job()
    {
        await using var services = host.CreateProviderServices();
        var provider = services.GetRequiredService<IFineTuningProvider>();
        var train = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanTrainFile, SampleDatasets.CleanTrain());

        var first = await provider.CreateJobAsync(ProviderFlow.Job("mh-twice", train.Id, null, "twice"));
        var second = await provider.CreateJobAsync(ProviderFlow.Job("mh-twice", train.Id, null, "twice"));
        var found = await provider.FindJobByModelHubIdAsync("mh-twice");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, found?.Id);
        Assert.Null(await provider.FindJobByModelHubIdAsync("mh-never-created"));
    }

    [Fact]
    public async Task Unmodified_OpenAI_SDK_uploads_lists_downloads_and_deletes_files()
    {
        var files = new OpenAIFileClient(new ApiKeyCredential(host.Secret), new OpenAIClientOptions { Endpoint = host.BaseUrl });
        var content = SampleDatasets.CleanValidation();

        OpenAIFile uploaded = await files.UploadFileAsync(BinaryData.FromString(content), "validation.jsonl", FileUploadPurpose.FineTune);
        OpenAIFileCollection listed = await files.GetFilesAsync();
        BinaryData downloaded = await files.DownloadFileAsync(uploaded.Id);
        FileDeletionResult deleted = await files.DeleteFileAsync(uploaded.Id);

        Assert.StartsWith("file-", uploaded.Id);
        Assert.Equal(Encoding.UTF8.GetByteCount(content), uploaded.SizeInBytesLong);
        Assert.Contains(listed, f => f.Id == uploaded.Id);
        Assert.Equal(content, downloaded.ToString());
        Assert.True(deleted.Deleted);
        await Assert.ThrowsAsync<ClientResultException>(() => files.GetFileAsync(uploaded.Id));
    }
}
