using System.Globalization;
using System.Linq.Expressions;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Providers;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>
/// Evaluates queued gate runs in the background: answers the held-out dataset with the candidate (and, for "not worse
/// than production", with the production version unless it already has a finished run on that dataset), scores,
/// evaluates the gate's rules and stores everything in one transaction. Runs left <c>running</c> by a previous process
/// are marked <c>error</c> ("interrupted by a restart") at start-up rather than re-queued: a half-answered run has
/// already spent tokens, and starting it again is a deliberate, visible choice for the engineer.
/// </summary>
public sealed class GateRunner(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    AuditLog audit,
    GateEvaluation evaluation,
    IUpdateBus bus,
    IOptionsMonitor<PricingOptions> pricing,
    IOptions<GateOptions> options,
    TimeProvider time,
    ILogger<GateRunner> logger) : BackgroundService
{
    public const string InterruptedMessage = "Interrupted by a restart; start the run again.";

    private readonly Channel<int> queue = Channel.CreateBounded<int>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues a run inserted as <c>running</c>; waits while the queue is full.</summary>
    public ValueTask EnqueueAsync(int runId, CancellationToken ct = default) => queue.Writer.WriteAsync(runId, ct);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await MarkInterruptedAsync(cancellationToken);
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
                    await RunAsync(runId, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (ProviderException ex)
                {
                    logger.LogWarning("Gate run {RunId} stopped on a provider error: {Message}", runId, ex.Message);
                    await FailAsync(runId, ex.Message);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Gate run {RunId} failed unexpectedly.", runId);
                    await FailAsync(runId, "The gate run failed unexpectedly; the server log has the details.");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private sealed record VersionInfo(int Id, int Number, int RegisteredModelId, string ModelName, string ProviderModelId, string BaseModel, string FinalMetricsJson);

    private static readonly Expression<Func<ModelVersion, VersionInfo>> ToInfo = v =>
        new VersionInfo(v.Id, v.Number, v.RegisteredModelId, v.RegisteredModel!.Name, v.ProviderModelId, v.BaseModel, v.FinalMetricsJson);

    private sealed record Baseline(int VersionId, int Number, EvaluationScores Scores, IReadOnlyDictionary<string, double> Metrics);

    private async Task RunAsync(int runId, CancellationToken ct)
    {
        GateRun run;
        VersionInfo version;
        string sha256;
        GateDefinition? gate;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            run = await db.GateRuns.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
            if (run.Status != GateRunStatus.Running)
            {
                return;
            }

            version = await db.ModelVersions.Where(v => v.Id == run.ModelVersionId)
                .Select(ToInfo)
                .SingleAsync(ct);
            sha256 = await db.Datasets.Where(d => d.Id == run.DatasetId).Select(d => d.Sha256).SingleAsync(ct);
            gate = await db.GateDefinitions.AsNoTracking().SingleOrDefaultAsync(g => g.RegisteredModelId == version.RegisteredModelId, ct);
        }

        var total = run.ExampleCount;
        Publish(run.Id, version, GateRunStatus.Running, 0, total);
        var every = Math.Max(1, options.Value.ProgressEvery);
        var candidate = await evaluation.EvaluateAsync(version.ProviderModelId, sha256, options.Value.MaxConcurrency,
            done => done % every == 0 || done == total ? ReportProgressAsync(run.Id, version, done, total, ct) : Task.CompletedTask, ct);

        var rules = GateMetrics.Deserialize<List<GateRule>>(gate?.RulesJson) ?? [];
        var notWorse = GateMetrics.Deserialize<List<string>>(gate?.NotWorseThanProductionJson) ?? [];
        var cost = Cost(version.ProviderModelId, version.BaseModel, candidate.PromptTokens, candidate.CompletionTokens);
        long promptTokens = candidate.PromptTokens, completionTokens = candidate.CompletionTokens;

        Baseline? baseline = null;
        if (notWorse.Count > 0 && await ProductionVersionAsync(version, ct) is { } production)
        {
            var reused = await LatestScoresAsync(production.Id, run.DatasetId, ct);
            if (reused is null)
            {
                // Same data, same settings: production is evaluated now; its tokens are part of this run's cost.
                var outcome = await evaluation.EvaluateAsync(production.ProviderModelId, sha256, options.Value.MaxConcurrency, _ => Task.CompletedTask, ct);
                reused = outcome.Score();
                promptTokens += outcome.PromptTokens;
                completionTokens += outcome.CompletionTokens;
                cost = Sum(cost, Cost(production.ProviderModelId, production.BaseModel, outcome.PromptTokens, outcome.CompletionTokens));
            }

            baseline = new Baseline(production.Id, production.Number, reused, GateMetrics.Merge(production.FinalMetricsJson, reused));
        }

        var scores = candidate.Score();
        var metrics = GateMetrics.Merge(version.FinalMetricsJson, scores);
        var ruleResults = rules.Select(r => r.Evaluate(metrics)).ToList();
        var comparisons = notWorse.Select(m => ProductionComparison.Evaluate(m, metrics, baseline?.Metrics, baseline?.Number)).ToList();
        var passed = ruleResults.All(r => r.Passed) && comparisons.All(c => c.Passed);
        var failures = candidate.Failures().ToList();

        // One transaction: the verdict, the scores, the failed examples and the audit entry commit together.
        var status = await audit.WriteAsync(async (db, trail) =>
        {
            var stored = await db.GateRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
            stored.Status = passed ? GateRunStatus.Passed : GateRunStatus.Failed;
            stored.FinishedAt = time.GetUtcNow();
            stored.ExampleCount = candidate.Examples.Count;
            stored.Completed = candidate.Examples.Count;
            stored.FailedCount = failures.Count;
            stored.ScoresJson = GateMetrics.Serialize(scores);
            stored.RuleResultsJson = GateMetrics.Serialize(ruleResults);
            stored.ProductionComparisonsJson = GateMetrics.Serialize(comparisons);
            stored.ProductionVersionId = baseline?.VersionId;
            stored.ProductionScoresJson = baseline is null ? null : GateMetrics.Serialize(baseline.Scores);
            stored.PromptTokens = promptTokens;
            stored.CompletionTokens = completionTokens;
            stored.CostUsd = cost;
            stored.Failures.AddRange(failures.Take(GateRun.MaxStoredFailures).Select(f => new GateRunFailure
            {
                Line = f.Line,
                PromptExcerpt = f.PromptExcerpt,
                Expected = f.Expected,
                Actual = f.Actual,
            }));
            trail.Add(Finished(runId, version, stored.Status, new
            {
                status = stored.Status,
                eval_accuracy = scores.Accuracy,
                eval_macro_f1 = scores.MacroF1,
                eval_exact_match = scores.ExactMatch,
                failedExamples = failures.Count,
                tokens = promptTokens + completionTokens,
                costUsd = cost,
            }));
            return stored.Status;
        }, CancellationToken.None);
        Publish(runId, version, status, candidate.Examples.Count, candidate.Examples.Count);

        logger.LogInformation("Gate run {RunId} of {Model} v{Version} {Status}.", runId, version.ModelName, version.Number, passed ? "passed" : "failed");
    }

    private async Task<VersionInfo?> ProductionVersionAsync(VersionInfo candidate, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelVersions
            .Where(v => v.RegisteredModelId == candidate.RegisteredModelId && v.Stage == ModelStage.Production && v.Id != candidate.Id)
            .Select(ToInfo)
            .FirstOrDefaultAsync(ct);
    }

    private async Task<EvaluationScores?> LatestScoresAsync(int versionId, int datasetId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.GateRuns
            .Where(r => r.ModelVersionId == versionId && r.DatasetId == datasetId && r.ScoresJson != null
                && (r.Status == GateRunStatus.Passed || r.Status == GateRunStatus.Failed))
            .OrderByDescending(r => r.StartedAt).Select(r => r.ScoresJson).FirstOrDefaultAsync(ct);
        return GateMetrics.Deserialize<EvaluationScores>(json);
    }

    private async Task ReportProgressAsync(int runId, VersionInfo version, int done, int total, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Answers finish out of order: never move the stored count backwards.
        await db.GateRuns.Where(r => r.Id == runId && r.Completed < done).ExecuteUpdateAsync(s => s.SetProperty(r => r.Completed, done), ct);
        Publish(runId, version, GateRunStatus.Running, done, total);
    }

    private async Task FailAsync(int runId, string message)
    {
        try
        {
            var failed = await audit.WriteAsync(async (db, trail) =>
            {
                var run = await db.GateRuns.SingleOrDefaultAsync(r => r.Id == runId);
                if (run is null)
                {
                    return null;
                }

                run.Status = GateRunStatus.Error;
                run.Error = message.Length > 2000 ? message[..2000] : message;
                run.FinishedAt = time.GetUtcNow();
                var version = await db.ModelVersions.Where(v => v.Id == run.ModelVersionId).Select(ToInfo).SingleAsync();
                trail.Add(Finished(runId, version, GateRunStatus.Error, new { status = GateRunStatus.Error, error = run.Error }));
                return new { Version = version, run.Completed, run.ExampleCount };
            });
            if (failed is not null)
            {
                Publish(runId, failed.Version, GateRunStatus.Error, failed.Completed, failed.ExampleCount);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Gate run {RunId} could not be marked as failed.", runId);
        }
    }

    private async Task MarkInterruptedAsync(CancellationToken ct)
    {
        var count = await audit.WriteAsync(async (db, trail) =>
        {
            var interrupted = await db.GateRuns.Where(r => r.Status == GateRunStatus.Running).ToListAsync(ct);
            var versions = await db.ModelVersions.Where(v => interrupted.Select(r => r.ModelVersionId).Contains(v.Id)).Select(ToInfo).ToDictionaryAsync(v => v.Id, ct);
            var now = time.GetUtcNow();
            foreach (var run in interrupted)
            {
                run.Status = GateRunStatus.Error;
                run.Error = InterruptedMessage;
                run.FinishedAt = now;
                trail.Add(Finished(run.Id, versions[run.ModelVersionId], GateRunStatus.Error, new { status = GateRunStatus.Error, error = InterruptedMessage }));
            }

            return interrupted.Count;
        }, ct);
        if (count > 0)
        {
            logger.LogWarning("{Count} gate run(s) were interrupted by a restart and marked as error.", count);
        }
    }

    /// <summary>ModelHub records a verdict itself: the engineer who started the run is in its "started" entry.</summary>
    private static AuditRecord Finished(int runId, VersionInfo version, string status, object after) =>
        new(Actor.System, AuditActions.GateRunFinished, AuditObjects.GateRun, runId.ToString(CultureInfo.InvariantCulture), $"{version.ModelName} v{version.Number}")
        {
            Before = AuditRecord.ToJson(new { status = GateRunStatus.Running }),
            After = AuditRecord.ToJson(after),
        };

    private void Publish(int runId, VersionInfo version, string status, int completed, int total)
    {
        bus.Publish(new GateRunChanged(GateTopics.Run(runId), runId, version.ModelName, version.Number, status, completed, total));
        bus.Publish(new GateRunChanged(Topics.Model(version.ModelName), runId, version.ModelName, version.Number, status, completed, total));
    }

    private decimal? Cost(string providerModelId, string baseModel, long promptTokens, long completionTokens)
    {
        var table = pricing.CurrentValue;
        var price = table.Find(BaseModelOf(providerModelId)) ?? table.Find(baseModel);
        return price is null ? null : (promptTokens * price.Input + completionTokens * price.Output) / 1_000_000m;
    }

    private static decimal? Sum(decimal? a, decimal? b) => a is null || b is null ? null : a + b;

    /// <summary><c>ft:gpt-4o-mini-2024-07-18:org:suffix:id</c> → <c>gpt-4o-mini-2024-07-18</c>; other ids unchanged.</summary>
    public static string BaseModelOf(string providerModelId) =>
        providerModelId.StartsWith("ft:", StringComparison.Ordinal) ? providerModelId[3..].Split(':')[0] : providerModelId;
}
