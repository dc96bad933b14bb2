using Microsoft.Extensions.Options;
using ModelHub.Core.Providers;

namespace ModelHub.Web.Hosting;

/// <summary>Whether this instance talks to HolySheep or to its built-in simulator; every page shows it.</summary>
public sealed class ProviderMode(IOptions<HolySheepOptions> options)
{
    public bool IsSimulator => !options.Value.HasApiKey;
}
