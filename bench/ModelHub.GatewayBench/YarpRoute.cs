using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace ModelHub.GatewayBench;

/// <summary>
/// A bare YARP route, everything to the stub: no auth, no body rewrite, no metering. What a .NET proxy on this machine
/// can do at best, the ceiling the gateway is compared with.
/// </summary>
internal static class YarpRoute
{
    public static async Task RunAsync(int port, Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "stub", Match = new RouteMatch { Path = "{**catch-all}" } }],
            [new ClusterConfig { ClusterId = "stub", Destinations = new Dictionary<string, DestinationConfig> { ["stub"] = new() { Address = upstream.ToString() } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
    }
}
