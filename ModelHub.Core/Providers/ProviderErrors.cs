using System.Diagnostics.Metrics;

namespace ModelHub.Core.Providers;

/// <summary>Counts failed provider calls by operation and by kind of failure.</summary>
public sealed class ProviderErrors(IMeterFactory meters)
{
    /// <summary>The meter that carries <c>modelhub.provider.errors</c>.</summary>
    public const string MeterName = "ModelHub.Providers";

    /// <summary>The attribute naming the call, e.g. <c>get_job</c>.</summary>
    public const string OperationAttribute = "modelhub.provider.operation";

    /// <summary>The attribute naming the kind of failure (see <see cref="Kind"/>).</summary>
    public const string KindAttribute = "error.type";

    private readonly Counter<long> errors = meters.Create(MeterName).CreateCounter<long>(
        "modelhub.provider.errors", "{error}", "Provider calls that failed after the HTTP client's retries, by operation and kind.");

    /// <summary>Counts one failed call; <paramref name="operation"/> is a fixed name from the code, never user input.</summary>
    public void Record(string operation, ProviderException error) =>
        errors.Add(1,
            new KeyValuePair<string, object?>(OperationAttribute, operation.Replace(' ', '_')),
            new KeyValuePair<string, object?>(KindAttribute, Kind(error)));

    /// <summary>
    /// A small fixed set of kinds: the provider's own error codes are its to invent, and each new one would be a new
    /// time series in every monitoring system scraping ModelHub.
    /// </summary>
    public static string Kind(ProviderException error) => error.Status switch
    {
        null => error.Code is "timeout" or "not_configured" ? error.Code : "unreachable",
        401 or 403 => "unauthorized",
        404 => "not_found",
        408 => "timeout",
        429 => "rate_limited",
        >= 500 => "server_error",
        _ => "rejected",
    };
}
