using Microsoft.Extensions.Options;
using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Hosting;

/// <summary>Whether this instance talks to HolySheep, to its built-in simulator, or to nothing; every page shows it.</summary>
public sealed class ProviderMode(IOptions<HolySheepOptions> holySheep, IOptions<SimulatorOptions> simulator)
{
    public bool IsSimulator => !holySheep.Value.HasApiKey && simulator.Value.Enabled;

    /// <summary>False when there is no API key and the simulator is switched off: nothing can be trained.</summary>
    public bool IsConfigured => holySheep.Value.HasApiKey || simulator.Value.Enabled;
}
