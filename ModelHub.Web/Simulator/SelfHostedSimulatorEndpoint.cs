using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary>
/// The app's own simulator as the provider endpoint: its loopback address is read from the server once it listens
/// (ports may be dynamic), so resolution is lazy and retried until the server has started. It is called with the key
/// only ModelHub holds.
/// </summary>
public sealed class SelfHostedSimulatorEndpoint(IServer server, SimulatorSecret secret) : IProviderEndpoint
{
    private Uri? baseUrl;

    public Uri BaseUrl => baseUrl ??= Resolve(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        ?? throw new InvalidOperationException("The simulator's address is not known yet: the web server has not started listening.");

    public string ApiKey => secret.Key;

    public bool IsSimulator => true;

    /// <summary>Keeps the key out of logs and exception messages that format the endpoint.</summary>
    public override string ToString() => $"simulator at {baseUrl?.ToString() ?? "(address not known yet)"}";

    /// <summary>Picks an http address (https only if there is none) and maps wildcard hosts to 127.0.0.1.</summary>
    public static Uri? Resolve(IEnumerable<string> addresses)
    {
        var candidates = addresses
            .Select(a => Uri.TryCreate(a.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1"), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .ToList();
        if (candidates.FirstOrDefault() is not { } address)
        {
            return null;
        }

        var host = address.Host is "0.0.0.0" or "[::]" or "::" or "localhost" ? "127.0.0.1" : address.Host;
        return new UriBuilder(address.Scheme, host, address.Port, SimulatorApi.Prefix).Uri;
    }
}
