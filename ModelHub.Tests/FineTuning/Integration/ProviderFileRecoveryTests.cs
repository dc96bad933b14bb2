using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets;
using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.FineTuning.Integration;

/// <summary>A dataset whose file the provider lost is uploaded again, once, instead of failing every launch forever.</summary>
public sealed class ProviderFileRecoveryTests
{
    [Fact]
    public async Task A_launch_after_the_provider_lost_the_training_file_uploads_it_again_and_succeeds_with_a_new_file_id()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: JobLifecycleTests.FastSettings());
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);
        await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation));
        var lost = await RememberedFileAsync(app, training);
        var simulator = app.Services.GetRequiredService<SimulatorEngine>();
        Assert.True(simulator.DeleteFile(lost).Succeeded);

        var launched = await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation, suffix: "again"));

        Assert.NotEqual("failed", (string?)launched["status"]);
        var renewed = await RememberedFileAsync(app, training);
        Assert.NotEqual(lost, renewed);
        Assert.Contains(simulator.ListFiles(SimulatorEngine.FineTunePurpose), f => f.Id == renewed);
        var providerJob = await JobsApi.WithDbAsync(app.Services, db => db.FineTuneJobs.Where(j => j.Id == (int)launched["id"]!).Select(j => j.ProviderJobId!).SingleAsync());
        Assert.Equal(renewed, simulator.GetJob(providerJob).Value.Job.TrainingFile);
    }

    [Fact]
    public async Task A_file_the_provider_loses_again_after_a_fresh_upload_fails_the_launch_clearly_after_one_retry()
    {
        await using var app = new FileLosingApp();
        using var api = await JobsApi.SignInAsync(app);
        var (training, _) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);

        using var response = await api.Http.PostAsJsonAsync("/api/jobs", JobsApi.Launch("sentiment", training, null));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("provider-error", (string?)problem["code"]);
        Assert.Contains("even after ModelHub uploaded it again", (string?)problem["detail"]);
        // The first upload and one fresh copy, never a third.
        Assert.Equal(2, app.Uploads);
        var job = await JobsApi.WithDbAsync(app.Services, db => db.FineTuneJobs.SingleAsync());
        Assert.Equal(("failed", "invalid_training_file"), (job.Status, job.ErrorCode));
        Assert.Contains("even after ModelHub uploaded it again", job.ErrorMessage);
    }

    /// <summary>The app against a simulator that loses every file right after accepting it.</summary>
    private sealed class FileLosingApp() : ModelHubFactory(realHttp: true, settings: JobLifecycleTests.FastSettings())
    {
        private int uploads;

        public int Uploads => uploads;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddHttpClient(ProviderClients.HttpClientName)
                .AddHttpMessageHandler(sp => new LoseUploadedFiles(sp.GetRequiredService<SimulatorEngine>(), () => Interlocked.Increment(ref uploads))));
        }
    }

    private sealed class LoseUploadedFiles(SimulatorEngine simulator, Action uploaded) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/files", StringComparison.Ordinal) && response.IsSuccessStatusCode)
            {
                var id = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["id"]!;
                Assert.True(simulator.DeleteFile(id).Succeeded);
                uploaded();
            }

            return response;
        }
    }

    private static Task<string> RememberedFileAsync(ModelHubFactory app, int datasetId) =>
        JobsApi.WithDbAsync(app.Services, db => db.Set<DatasetProviderFile>().Where(f => f.DatasetId == datasetId).Select(f => f.FileId).SingleAsync());
}
