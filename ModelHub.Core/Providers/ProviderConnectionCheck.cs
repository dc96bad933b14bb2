using System.Diagnostics;
using ModelHub.Core.Common;

namespace ModelHub.Core.Providers;

/// <summary>The outcome of a connection test: how many models the provider lists and how long it took.</summary>
public sealed record ConnectionCheckResult(int ModelCount, TimeSpan Latency);

/// <summary>Tests the provider connection for the Settings page by listing its models.</summary>
public sealed class ProviderConnectionCheck(IFineTuningProvider provider)
{
    public async Task<Result<ConnectionCheckResult>> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var models = await provider.ListModelsAsync(cancellationToken);
            return new ConnectionCheckResult(models.Count, Stopwatch.GetElapsedTime(started));
        }
        catch (ProviderException ex)
        {
            return Error.Conflict(ex.Code, ex.Message);
        }
    }
}
