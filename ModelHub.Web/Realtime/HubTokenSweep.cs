namespace ModelHub.Web.Realtime;

/// <summary>Every half minute, closes hub connections whose access token was revoked or expired, even if they stay silent.</summary>
internal sealed class HubTokenSweep(HubTokenSessions sessions, TimeProvider time, ILogger<HubTokenSweep> logger) : BackgroundService
{
    /// <summary>How long a revoked token's connection may linger at most without calling the hub.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (await sessions.SweepAsync(stoppingToken) is > 0 and var closed)
                    {
                        logger.LogInformation("Closed {Count} hub connection(s) whose access token was revoked or expired.", closed);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next tick tries again; one failed database read must not stop the sweep for good.
                    logger.LogWarning(ex, "Checking the access tokens of hub connections failed.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
