using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.Core.Gateway;

/// <summary>Registers the inference gateway's routing, upstream client and usage metering.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddModelHubGateway(this IServiceCollection services)
    {
        services.AddSingleton<GatewayRouting>();
        services.AddSingleton<CanarySettings>().AddSingleton<SetCanaryTraffic>().AddSingleton<EndCanary>();
        services.AddHostedService<CanaryStageWatch>();
        services.AddSingleton<GatewayUpstream>();
        services.AddSingleton<UsageMeter>().AddSingleton<UsageQueries>();
        services.AddHostedService<UsageFlusher>();
        return services;
    }
}
