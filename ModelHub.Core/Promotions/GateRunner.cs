using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Providers;

namespace ModelHub.Core.Promotions;

/// <summary>
/// The gate-run queue: a bounded channel read by a few consumers, each handing one run at a time to
/// <see cref="EvaluateGateRun"/>. A failure ends that run in <c>error</c> and the consumer moves on. Runs left
/// <c>running</c> by a previous process are marked <c>error</c> at start-up rather than re-queued (see
/// <see cref="EvaluateGateRun.MarkInterruptedAsync"/>).
/// </summary>
public sealed class GateRunner(EvaluateGateRun evaluate, IOptions<GateOptions> options, ILogger<GateRunner> logger) : BackgroundService
{
    /// <summary>The error of a run a restart found still <c>running</c>.</summary>
    public const string InterruptedMessage = EvaluateGateRun.InterruptedMessage;

    private readonly Channel<int> queue = Channel.CreateBounded<int>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues a run inserted as <c>running</c>; waits while the queue is full.</summary>
    public ValueTask EnqueueAsync(int runId, CancellationToken ct = default) => queue.Writer.WriteAsync(runId, ct);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = await evaluate.MarkInterruptedAsync(cancellationToken);
        if (interrupted > 0)
        {
            logger.LogWarning("{Count} gate run(s) were interrupted by a restart and marked as error.", interrupted);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.MaxConcurrentRuns)).Select(_ => Task.Run(() => ConsumeAsync(stoppingToken), stoppingToken)));

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
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
