using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.Core.Gateway;

/// <summary>Registers the inference gateway's routing, upstream client and usage metering and budgets.</summary>
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
        services.AddSingleton<BudgetQueries>().AddSingleton<BudgetGuard>().AddSingleton<SetBudget>();
        services.AddSingleton<BudgetWatch>().AddHostedService(s => s.GetRequiredService<BudgetWatch>());
        return services;
    }
}
