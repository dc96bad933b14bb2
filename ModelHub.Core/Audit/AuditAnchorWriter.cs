using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelHub.Core.Audit;

/// <summary>Anchors the audit chain head at start-up, every <see cref="AuditOptions.AnchorIntervalSeconds"/> while it moves, and at shutdown.</summary>
public sealed class AuditAnchorWriter(AuditAnchor anchor, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditAnchorWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.AnchorIntervalSeconds));
        await AnchorAsync(stoppingToken);
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await AnchorAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // The last changes before a clean shutdown are anchored too, not only those older than the last tick.
        try
        {
            await AnchorAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AnchorAsync(CancellationToken ct)
    {
        try
        {
            await anchor.AppendHeadAsync(onlyIfMoved: true, ct);
        }
        catch (ObjectDisposedException)
        {
            // The host is being disposed after its shutdown timeout; the next start anchors the head.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next tick tries again; a verification anchors as well.
            logger.LogWarning(e, "Could not append the audit chain head to {Path}.", anchor.FilePath);
        }
    }
}
