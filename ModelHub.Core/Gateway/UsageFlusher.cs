using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ModelHub.Core.Gateway;

/// <summary>Flushes <see cref="UsageMeter"/> every second, and once more when the app stops.</summary>
public sealed class UsageFlusher(UsageMeter meter, TimeProvider time, ILogger<UsageFlusher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
                await meter.FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure)
            {
                logger.LogError(failure, "Flushing gateway usage failed; the next flush retries.");
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The last second of usage: written before the database goes away, not lost on a graceful stop.
        await meter.FlushAsync(cancellationToken);
    }
}
