using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Providers;
using ModelHub.Core.Scaleout;

namespace ModelHub.Core.Promotions;

/// <summary>
/// The gate-run queue: a bounded channel read by a few consumers, each handing one run at a time to
/// <see cref="EvaluateGateRun"/>. A failure ends that run in <c>error</c> and the consumer moves on. Only the holder of
/// the <see cref="BackgroundWorkLease"/> evaluates: runs started on it are queued at once, runs started on other
/// instances are picked up from the database every <see cref="GateOptions.PickupInterval"/>. Runs left <c>running</c> by
/// an earlier holder (or a previous process) are marked <c>error</c> when the lease is taken rather than re-run (see
/// <see cref="EvaluateGateRun.MarkInterruptedAsync"/>).
/// </summary>
public sealed class GateRunner(
    EvaluateGateRun evaluate,
    BackgroundWorkLease lease,
    IDbContextFactory<ModelHubDbContext> dbFactory,
    IOptions<GateOptions> options,
    TimeProvider time,
    ILogger<GateRunner> logger) : BackgroundService
{
    /// <summary>The error of a run a restart found still <c>running</c>.</summary>
    public const string InterruptedMessage = EvaluateGateRun.InterruptedMessage;

    private readonly Channel<int> queue = Channel.CreateBounded<int>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    // Runs in the channel or being evaluated: the pickup must not queue them again.
    private readonly ConcurrentDictionary<int, byte> taken = new();

    // Set when start-up already marked the interrupted runs for the tenure it found.
    private int startUpMarked;

    /// <summary>Queues a run inserted as <c>running</c>; waits while the queue is full. On an instance without the lease it leaves the run to the holder.</summary>
    public async ValueTask EnqueueAsync(int runId, CancellationToken ct = default)
    {
        if (lease.IsHeld && taken.TryAdd(runId, 0))
        {
            await queue.Writer.WriteAsync(runId, ct);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the first request is served, as a single instance always did.
        if (lease.IsHeld)
        {
            await MarkInterruptedAsync(cancellationToken);
            startUpMarked = 1;
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => lease.RunWhileHeldAsync(RunWhileHeldAsync, stoppingToken);

    private async Task RunWhileHeldAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref startUpMarked, 0) == 0)
        {
            await MarkInterruptedAsync(ct);
        }

        var consumers = Enumerable.Range(0, Math.Max(1, options.Value.MaxConcurrentRuns)).Select(_ => Task.Run(() => ConsumeAsync(ct), ct));
        await Task.WhenAll([.. consumers, PickUpAsync(ct)]);
    }

    private async Task MarkInterruptedAsync(CancellationToken ct)
    {
        var interrupted = await evaluate.MarkInterruptedAsync(time.GetUtcNow(), [.. taken.Keys], ct);
        if (interrupted > 0)
        {
            logger.LogWarning("{Count} gate run(s) were interrupted by a restart or a lease take-over and marked as error.", interrupted);
        }
    }

    private async Task PickUpAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(options.Value.PickupInterval, time, ct);
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync(ct);
                    var running = await db.GateRuns.Where(r => r.Status == GateRunStatus.Running).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
                    foreach (var runId in running.Where(id => taken.TryAdd(id, 0)))
                    {
                        await queue.Writer.WriteAsync(runId, ct);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Looking for gate runs started on other instances failed; trying again later.");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ConsumeAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var runId in queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await evaluate.RunAsync(runId, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (ProviderException ex)
                {
                    logger.LogWarning("Gate run {RunId} stopped on a provider error: {Message}", runId, ex.Message);
                    await evaluate.FailAsync(runId, ex.Message);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Gate run {RunId} failed unexpectedly.", runId);
                    await evaluate.FailAsync(runId, "The gate run failed unexpectedly; the server log has the details.");
                }
                finally
                {
                    taken.TryRemove(runId, out _);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
