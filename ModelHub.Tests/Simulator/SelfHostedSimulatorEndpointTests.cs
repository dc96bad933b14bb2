using ModelHub.Web.Simulator;

namespace ModelHub.Tests.Simulator;

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
}
