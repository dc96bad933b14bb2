using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using ModelHub.Core.Simulator;
using ModelHub.Tests.Support;
using ModelHub.Web.Simulator;

using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Simulator.Unit;

namespace ModelHub.Tests.Simulator.Integration;

public sealed class SimulatorHostingTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    [Fact]
    public async Task Without_a_key_the_app_provider_talks_to_its_own_simulator()
    {
        var provider = host.AppProvider;

        var models = await provider.ListModelsAsync();

        Assert.True(provider.Endpoint.IsSimulator);
        Assert.Equal(host.BaseUrl, provider.Endpoint.BaseUrl);
        Assert.Contains(models, m => m.Id == "gpt-4o-mini-2024-07-18");
    }

    [Fact]
    public async Task Disabled_simulator_serves_nothing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Simulator:Enabled"] = "false", ["ModelHub:DataFolder"] = host.DataFolder });
        builder.Services.AddModelHubSimulator(builder.Configuration);
        await using var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapSimulatorApi();
        await app.StartAsync();

        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk-test");
        using var response = await client.GetAsync(app.Urls.First() + "/simulator/v1/models");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();
    }
}
