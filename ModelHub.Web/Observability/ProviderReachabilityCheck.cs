using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelHub.Core.Providers;

namespace ModelHub.Web.Observability;

/// <summary>
/// Whether the fine-tuning provider answers (it lists its models). The answer is shared for a while, so frequent
/// readiness probes from several orchestrators do not turn into a stream of provider calls.
/// </summary>
internal sealed class ProviderReachabilityCheck(IFineTuningProvider provider, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(30);

    // A probe has a few seconds; the provider's own retries would take far longer.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private (Task<HealthCheckResult> Result, DateTimeOffset At)? last;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (last is { } previous && now - previous.At < Reuse)
            {
                return previous.Result.WaitAsync(cancellationToken);
            }

            var probe = ProbeAsync();
            last = (probe, now);
            return probe.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> ProbeAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout, time);
        try
        {
            await provider.ListModelsAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (ProviderException ex)
        {
            // The code only: the check's description reaches the log, and the message may quote the provider.
            return HealthCheckResult.Degraded($"The provider did not answer ({ex.Code}).");
        }
        catch (OperationCanceledException)
        {
            return HealthCheckResult.Degraded("The provider did not answer in time.");
        }
    }
}
