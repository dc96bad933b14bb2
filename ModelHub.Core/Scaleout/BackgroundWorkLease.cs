using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelHub.Core.Scaleout;

/// <summary>
/// The lease under which exactly one instance runs the background work (job tracking, gate runs, webhook delivery).
/// The first try happens during start-up, before any request is served; then the holder renews every
/// <see cref="LeaseOptions.RenewInterval"/> and the others try to take over as often. Work runs through
/// <see cref="RunWhileHeldAsync"/>, whose token is cancelled as soon as a renewal fails or is overdue — always before the
/// lease could expire and be taken by another instance.
/// </summary>
public sealed class BackgroundWorkLease(
    LeaseStore store,
    InstanceIdentity instance,
    IOptions<LeaseOptions> options,
    TimeProvider time,
    ILogger<BackgroundWorkLease> logger) : BackgroundService
{
    /// <summary>The one lease name: the three kinds of work move together, so one instance owns all of them.</summary>
    public const string Name = "background-work";

    private readonly Lock gate = new();
    private CancellationTokenSource? tenure;
    private TaskCompletionSource<CancellationToken> held = NewWaiter();

    private LeaseOptions Settings => options.Value;

    /// <summary>Whether this instance holds the lease now.</summary>
    public bool IsHeld
    {
        get
        {
            lock (gate)
            {
                return tenure is { IsCancellationRequested: false };
            }
        }
    }

    /// <summary>This instance's id, as stored in the lease when it holds it.</summary>
    public string InstanceId => instance.Id;

    /// <summary>
    /// Runs <paramref name="work"/> whenever this instance holds the lease, with a token cancelled when it loses it;
    /// after a loss it waits for the lease again. Returns when <paramref name="stoppingToken"/> is cancelled.
    /// </summary>
    public async Task RunWhileHeldAsync(Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Task<CancellationToken> waiter;
            lock (gate)
            {
                waiter = held.Task;
            }

            CancellationToken tenureToken;
            try
            {
                tenureToken = await waiter.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var both = CancellationTokenSource.CreateLinkedTokenSource(tenureToken, stoppingToken);
            try
            {
                await work(both.Token);
                // Work that ends by itself stays ended until the lease changes hands.
                await Task.Delay(Timeout.Infinite, both.Token);
            }
            catch (OperationCanceledException) when (both.IsCancellationRequested)
            {
            }
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Settings.Validate();
        await TryHoldAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Settings.RenewInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await TryHoldAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Lose("this instance is stopping"))
        {
            try
            {
                await store.ReleaseAsync(Name, instance.Id, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Releasing the background-work lease failed; another instance takes over when it expires.");
            }
        }
    }

    /// <summary>One take-over or renewal attempt; exposed so tests can step it under a fake clock.</summary>
    internal async Task TryHoldAsync(CancellationToken ct)
    {
        bool holds;
        try
        {
            holds = await store.TryHoldAsync(Name, instance.Id, Settings.Ttl, Settings.SingleInstance, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Renewing the background-work lease failed.");
            holds = false;
        }

        if (holds)
        {
            Keep();
        }
        else
        {
            Lose("another instance holds it or it could not be renewed");
        }
    }

    private void Keep()
    {
        lock (gate)
        {
            if (tenure is { IsCancellationRequested: false } current)
            {
                current.CancelAfter(Settings.WorkDeadline);
                return;
            }

            // Renewals restart the countdown; if they stop coming (a hung database call), the work stops by itself.
            var started = new CancellationTokenSource(Settings.WorkDeadline, time);
            started.Token.Register(() => Lose("its renewal is overdue", started));
            tenure = started;
            held.TrySetResult(started.Token);
        }

        logger.LogInformation("This instance ({Instance}) now runs the background work.", instance.Id);
    }

    /// <summary>Ends the current tenure (or only <paramref name="expected"/>, if given); true when there was one.</summary>
    private bool Lose(string why, CancellationTokenSource? expected = null)
    {
        CancellationTokenSource? ended;
        lock (gate)
        {
            if (tenure is null || (expected is not null && !ReferenceEquals(tenure, expected)))
            {
                return false;
            }

            ended = tenure;
            tenure = null;
            held = NewWaiter();
        }

        logger.LogWarning("This instance ({Instance}) stops the background work: {Reason}.", instance.Id, why);
        ended.Cancel();
        return true;
    }

    private static TaskCompletionSource<CancellationToken> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
