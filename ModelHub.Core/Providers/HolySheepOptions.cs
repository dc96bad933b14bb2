namespace ModelHub.Core.Providers;

/// <summary>Where the fine-tuning provider lives; the key comes from the environment or user-secrets only.</summary>
public sealed class HolySheepOptions
{
    public const string Section = "HolySheep";

    public const string DefaultBaseUrl = "https://api.holysheep.ai/v1";

    /// <summary>The provider's OpenAI-compatible base URL, used when an API key is set.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>The provider API key. Never logged, never shown beyond its last four characters.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries after a 429, a 5xx, a timeout or a network failure, before the error reaches the caller.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay; later ones grow exponentially with jitter, unless the provider sends <c>Retry-After</c>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one call including all its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>The last four characters of the key, for the Settings page; null when no key is set.</summary>
    public string? KeyHint => HasApiKey && ApiKey!.Length >= 8 ? "…" + ApiKey[^4..] : HasApiKey ? "…" : null;

    /// <summary>Keeps the key out of any accidental string formatting of the options.</summary>
    public override string ToString() => $"HolySheep {{ BaseUrl = {BaseUrl}, ApiKey = {(HasApiKey ? "(set)" : "(not set)")} }}";
}
