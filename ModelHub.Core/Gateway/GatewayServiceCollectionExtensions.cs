using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.Core.Gateway;

/// <summary>Registers the inference gateway's routing, upstream client and usage metering.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddModelHubGateway(this IServiceCollection services)
    {
        services.AddSingleton<GatewayRouting>();
        services.AddSingleton<GatewayUpstream>();
        services.AddSingleton<UsageMeter>();
        services.AddHostedService<UsageFlusher>();
        return services;
    }
}
