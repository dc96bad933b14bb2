using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Scaleout;

namespace ModelHub.Core.Webhooks;

/// <summary>
/// Runs <see cref="WebhookDispatcher"/> passes: at once when a change commits an event, when a retry falls due, and at
/// least every poll interval — on the instance holding the <see cref="BackgroundWorkLease"/> only (events committed
/// on other instances are found by its next poll).
/// </summary>
public sealed class WebhookDispatchLoop(
    WebhookDispatcher dispatcher,
    WebhookOutbox outbox,
    BackgroundWorkLease lease,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatchLoop> logger) : BackgroundService
{
    private static readonly TimeSpan AfterError = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => lease.RunWhileHeldAsync(DispatchAsync, stoppingToken);

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var poll = options.CurrentValue.PollInterval;
            TimeSpan wait;
            try
            {
                var next = await dispatcher.DispatchAsync(stoppingToken);
                wait = next is { } due ? Min(due - time.GetUtcNow(), poll) : poll;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed pass loses nothing: every row stays in the database for the next one.
                logger.LogError(e, "A webhook dispatch pass failed; trying again in {Seconds} s.", AfterError.TotalSeconds);
                wait = AfterError;
            }

            if (wait > TimeSpan.Zero)
            {
                await outbox.WaitAsync(wait, time, stoppingToken);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
