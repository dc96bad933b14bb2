namespace ModelHub.Core.Providers;

/// <summary>
/// The provider refused or could not be reached. <see cref="Exception.Message"/> is safe to show a user: it carries
/// the provider's status, code and message and never the API key.
/// </summary>
public sealed class ProviderException(int? status, string code, string providerMessage, Exception? inner = null)
    : Exception(Compose(status, code, providerMessage), inner)
{
    /// <summary>The HTTP status, or null when no response arrived (network failure, timeout).</summary>
    public int? Status { get; } = status;

    /// <summary>The provider's error code (e.g. <c>invalid_api_key</c>), or ModelHub's own for transport failures.</summary>
    public string Code { get; } = code;

    public string ProviderMessage { get; } = providerMessage;

    /// <summary>True when a request may or may not have taken effect (no response, timeout or 5xx).</summary>
    public bool IsAmbiguous => Status is null or 408 or >= 500;

    private static string Compose(int? status, string code, string message) =>
        status is null ? $"The provider could not be reached ({code}): {message}" : $"The provider answered {status} ({code}): {message}";
}
