using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary>Registers what the web host needs to serve the simulator and to call it as the default provider.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>Adds Core's simulator engine and registers the app's own <c>/simulator/v1</c> as the provider endpoint used when no HolySheep key is set.</summary>
    public static IServiceCollection AddModelHubSimulatorHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModelHubSimulator(configuration);
        services.AddKeyedSingleton<IProviderEndpoint, SelfHostedSimulatorEndpoint>(ProviderEndpoints.SimulatorServiceKey);
        return services;
    }
}
