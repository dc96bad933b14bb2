namespace ModelHub.Core.Providers;

/// <summary>Where the provider is reached and with which key: HolySheep when a key is configured, else the built-in simulator.</summary>
public interface IProviderEndpoint
{
    /// <summary>The OpenAI-compatible base URL, ending in <c>/v1</c>.</summary>
    Uri BaseUrl { get; }

    /// <summary>The bearer key. Never log it or show more than its last four characters.</summary>
    string ApiKey { get; }

    bool IsSimulator { get; }
}

/// <summary>Well-known names around <see cref="IProviderEndpoint"/>.</summary>
public static class ProviderEndpoints
{
    /// <summary>The DI key under which the host registers the simulator's <see cref="IProviderEndpoint"/>.</summary>
    public const string SimulatorServiceKey = "simulator";

    /// <summary>The last four characters of a key for display; never the rest.</summary>
    public static string KeyHint(string apiKey) => apiKey.Length >= 8 ? "…" + apiKey[^4..] : "…";
}

/// <summary>An endpoint fixed at construction: HolySheep from configuration, or a simulator at a known address.</summary>
public sealed record FixedProviderEndpoint(Uri BaseUrl, string ApiKey, bool IsSimulator) : IProviderEndpoint
{
    /// <summary>Keeps the key out of logs and exception messages that format the endpoint.</summary>
    public override string ToString() => $"{(IsSimulator ? "simulator" : "provider")} at {BaseUrl}";
}
