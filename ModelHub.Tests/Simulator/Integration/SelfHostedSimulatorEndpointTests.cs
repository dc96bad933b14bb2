using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;
using ModelHub.Tests.Support;
using ModelHub.Web.Simulator;

using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Simulator.Unit;

namespace ModelHub.Tests.Simulator.Integration;

public sealed class SelfHostedSimulatorEndpointTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/simulator/v1")]
    [InlineData("http://[::]:5001", "http://127.0.0.1:5001/simulator/v1")]
    [InlineData("http://+:5002", "http://127.0.0.1:5002/simulator/v1")]
    [InlineData("http://*:5003", "http://127.0.0.1:5003/simulator/v1")]
    [InlineData("http://localhost:5004", "http://127.0.0.1:5004/simulator/v1")]
    public void Wildcard_listen_addresses_map_to_loopback(string address, string expected) =>
        Assert.Equal(new Uri(expected), SelfHostedSimulatorEndpoint.Resolve([address]));

    [Fact]
    public void Http_is_preferred_over_https() =>
        Assert.Equal(new Uri("http://127.0.0.1:5000/simulator/v1"), SelfHostedSimulatorEndpoint.Resolve(["https://127.0.0.1:5001", "http://127.0.0.1:5000"]));

    [Fact]
    public void No_address_yet_resolves_to_nothing() => Assert.Null(SelfHostedSimulatorEndpoint.Resolve([]));

    [Fact]
    public async Task Provider_called_before_the_server_listens_reports_not_configured()
    {
        using var data = new TempFolder("endpoint");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IServer, NotListeningServer>();
        services.AddSingleton(sp => new SimulatorSecret(Path.Combine(data.Path, "modelhub.key"), sp.GetRequiredService<ILogger<SimulatorSecret>>()));
        services.AddKeyedSingleton<IProviderEndpoint, SelfHostedSimulatorEndpoint>(ProviderEndpoints.SimulatorServiceKey);
        services.AddModelHubProvider(new ConfigurationBuilder().Build());
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.GetRequiredService<IFineTuningProvider>().ListModelsAsync());

        Assert.Equal("not_configured", error.Code);
        Assert.Null(error.Status);
    }

    private sealed class NotListeningServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
