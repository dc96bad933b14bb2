using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;
using Xunit.Abstractions;

using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Simulator.Unit;

namespace ModelHub.Tests.Simulator.Integration;

/// <summary>Own host: the injected faults apply to every request it serves.</summary>
public sealed class SimulatorFaultToleranceTests(SimulatorHost host, ITestOutputHelper output) : IClassFixture<SimulatorHost>
{
    [Fact]
    public async Task Flow_with_30_percent_injected_429_and_500_errors_succeeds_with_exactly_one_job()
    {
        await using var services = host.CreateProviderServices();
        var provider = services.GetRequiredService<IFineTuningProvider>();
        host.Faults.ErrorRate = 0.3;
        try
        {
            var train = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanTrainFile, SampleDatasets.CleanTrain());
            var validation = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanValidationFile, SampleDatasets.CleanValidation());
            var created = await provider.CreateJobAsync(ProviderFlow.Job("mh-faulty", train.Id, validation.Id, "faulty"));

            var job = await ProviderFlow.FollowToEndAsync(provider, created.Id);
            var events = await ProviderFlow.AllEventsAsync(provider, job.Id);
            var checkpoints = await provider.ListCheckpointsAsync(job.Id);
            var accuracy = await ProviderFlow.AccuracyAsync(provider, job.FineTunedModel!, SampleDatasets.CleanValidation(), take: 40);

            output.WriteLine($"{host.Faults.InjectedCount} faults injected; accuracy {accuracy:P0}");
            Assert.Equal("succeeded", job.Status);
            Assert.Equal(events.First(e => e.Type == "metrics").Metrics!.TotalSteps, events.Count(e => e.Type == "metrics"));
            Assert.Equal(3, checkpoints.Count);
            Assert.True(accuracy >= 0.8);
            Assert.True(host.Faults.InjectedCount > 0, "faults should really have been injected");
        }
        finally
        {
            host.Faults.ErrorRate = 0;
        }

        var jobs = host.Engine.ListJobs(null, 100);
        Assert.Single(jobs.Data);
        Assert.Equal("mh-faulty", jobs.Data[0].Job.Metadata?[ProviderJob.ModelHubJobIdKey]);
    }
}
