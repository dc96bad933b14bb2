using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Common;

namespace ModelHub.Core.Providers;

/// <summary>Which provider ModelHub talks to: HolySheep when a key is set, otherwise the simulator the host registered; an error when neither.</summary>
public sealed class ProviderEndpointChoice(
    IOptions<HolySheepOptions> options,
    [FromKeyedServices(ProviderEndpoints.SimulatorServiceKey)] IProviderEndpoint? simulator = null)
{
    /// <summary>The endpoint, or why there is none (shown on the Settings page instead of failing it).</summary>
    public Result<IProviderEndpoint> Choose()
    {
        var holySheep = options.Value;
        if (holySheep.HasApiKey)
        {
            return new FixedProviderEndpoint(new Uri(holySheep.BaseUrl.TrimEnd('/')), holySheep.ApiKey!, IsSimulator: false);
        }

        return simulator is null
            ? Error.Conflict("no-provider", "No HolySheep:ApiKey is set and the simulator is not registered; set the key or enable the simulator.")
            : Result<IProviderEndpoint>.Success(simulator);
    }
}
