using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;

using ModelHub.Tests.Providers.Components;

namespace ModelHub.Tests.Providers.Integration;

public sealed class ApiKeyLoggingTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    // The host plays HolySheep here, so the key must be one it accepts: its own generated key.
    private string Key => host.Secret;

    [Fact]
    public async Task Api_key_never_appears_in_logs_or_error_messages()
    {
        var logs = new CapturingLoggerProvider();
        await using var services = host.CreateProviderServices(apiKey: Key, logs: logs);
        var provider = services.GetRequiredService<IFineTuningProvider>();
        host.Faults.ErrorRate = 0.3;
        try
        {
            var train = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanTrainFile, SampleDatasets.CleanTrain());
            var job = await provider.CreateJobAsync(ProviderFlow.Job("mh-logs", train.Id, null, "logs"));
            await provider.ListEventsAsync(job.Id);
            await provider.ListModelsAsync();
            await provider.CompleteChatAsync("gpt-4o-mini", [new("user", "Is this good?")]);
            var failure = await Assert.ThrowsAsync<ProviderException>(() => provider.GetJobAsync("ftjob-doesnotexist"));
            Assert.DoesNotContain(Key, failure.Message);
            Assert.DoesNotContain(Key, failure.ToString());
        }
        finally
        {
            host.Faults.ErrorRate = 0;
        }

        Assert.False(provider.Endpoint.IsSimulator);
        Assert.Contains(logs.Lines, l => l.Contains("System.Net.Http.HttpClient.ModelHub.Provider", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Created provider job", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Key, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Key[^6..], StringComparison.Ordinal));
    }
}
