using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Providers;

namespace ModelHub.Tests.Observability.Unit;

public sealed class ProviderErrorMeterTests
{
    [Fact]
    public async Task A_failed_provider_call_is_counted_by_operation_and_kind()
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddModelHubProvider(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["HolySheep:BaseUrl"] = $"http://127.0.0.1:{ClosedPort.Find()}/v1",
                ["HolySheep:ApiKey"] = "sk-observability-test-key",
                ["HolySheep:MaxRetries"] = "0",
            }).Build())
            .BuildServiceProvider();
        using var log = new MeasurementLog(services.GetRequiredService<IMeterFactory>());

        await Assert.ThrowsAsync<ProviderException>(() => services.GetRequiredService<IFineTuningProvider>().GetJobAsync("ftjob-1"));

        var error = Assert.Single(log.Of("modelhub.provider.errors"));
        Assert.Equal(1, error.Value);
        Assert.Equal("{error}", error.Unit);
        Assert.Equal("get_job", error.Tags[ProviderErrors.OperationAttribute]);
        Assert.Equal("unreachable", error.Tags[ProviderErrors.KindAttribute]);
    }

    [Theory]
    [InlineData(null, "unreachable", "unreachable")]
    [InlineData(null, "timeout", "timeout")]
    [InlineData(401, "invalid_api_key", "unauthorized")]
    [InlineData(404, "model_not_found", "not_found")]
    [InlineData(429, "rate_limit_exceeded", "rate_limited")]
    [InlineData(503, "overloaded", "server_error")]
    [InlineData(400, "a_code_the_provider_invented_today", "rejected")]
    public void The_kind_is_one_of_a_fixed_few_whatever_code_the_provider_sends(int? status, string code, string kind) =>
        Assert.Equal(kind, ProviderErrors.Kind(new ProviderException(status, code, "message")));
}
