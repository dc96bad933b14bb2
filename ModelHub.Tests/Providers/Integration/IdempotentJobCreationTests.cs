using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;

using ModelHub.Tests.Providers.Components;

namespace ModelHub.Tests.Providers.Integration;

/// <summary>Job creation whose answers get lost after the provider acted: never a second job.</summary>
public sealed class IdempotentJobCreationTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Lost_create_responses_never_make_a_second_job(int lostResponses)
    {
        var modelHubJobId = $"mh-lost-{lostResponses}";
        var losing = new LoseJobCreationResponses(lostResponses);
        await using var services = host.CreateProviderServices(configure: s =>
            s.AddHttpClient(ProviderClients.HttpClientName).AddHttpMessageHandler(() => losing));
        var provider = services.GetRequiredService<IFineTuningProvider>();
        var train = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanTrainFile, SampleDatasets.CleanTrain());

        var job = await provider.CreateJobAsync(ProviderFlow.Job(modelHubJobId, train.Id, null, "lost"));

        Assert.True(losing.Lost >= 1);
        Assert.Equal(modelHubJobId, job.ModelHubJobId);
        var matching = host.Engine.ListJobs(null, 100, new Dictionary<string, string> { [ProviderJob.ModelHubJobIdKey] = modelHubJobId });
        Assert.Equal(job.Id, Assert.Single(matching.Data).Job.Id);
    }

    /// <summary>Lets job-creation requests reach the simulator, then replaces their answers with a 503.</summary>
    private sealed class LoseJobCreationResponses(int count) : DelegatingHandler
    {
        private int lost;

        public int Lost => lost;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var isCreate = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/fine_tuning/jobs", StringComparison.Ordinal);
            if (isCreate && Interlocked.Increment(ref lost) <= count)
            {
                response.Dispose();
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
            }

            return response;
        }
    }
}
