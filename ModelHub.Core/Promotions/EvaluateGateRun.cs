using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>
/// Evaluates one gate run: answers the held-out dataset with the candidate and, when another version is in production,
/// compares it on the same data (reusing production's answers to the same file when they exist, so they are paid for
/// once), scores, evaluates the gate's rules and stores everything with its audit entry in one transaction.
/// </summary>
public sealed class EvaluateGateRun(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    AuditLog audit,
    GateEvaluation evaluation,
    GateRunPricing pricing,
    IUpdateBus bus,
    IOptions<GateOptions> options,
    GateRunDurations durations,
    TimeProvider time,
    ILogger<EvaluateGateRun> logger)
{
    /// <summary>The error of a run a restart found still <c>running</c>.</summary>
    public const string InterruptedMessage = "Interrupted by a restart; start the run again.";

    private sealed record VersionInfo(int Id, int Number, int RegisteredModelId, string ModelName, string ProviderModelId, string BaseModel, string FinalMetricsJson);

    private static readonly Expression<Func<ModelVersion, VersionInfo>> ToInfo = v =>
        new VersionInfo(v.Id, v.Number, v.RegisteredModelId, v.RegisteredModel!.Name, v.ProviderModelId, v.BaseModel, v.FinalMetricsJson);

    /// <summary>Production's side of a run, and what evaluating it cost this run (nothing when reused).</summary>
    private sealed record Baseline(int VersionId, ProductionEvidence Evidence, IReadOnlyDictionary<string, double> Metrics,
        VersionEvaluation? Fresh, long PromptTokens, long CompletionTokens, decimal? CostUsd);

    /// <summary>Evaluates the run if it is still <c>running</c>; a <see cref="Providers.ProviderException"/> leaves it to the caller.</summary>
    public async Task RunAsync(int runId, CancellationToken ct)
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

            version = await db.ModelVersions.Where(v => v.Id == run.ModelVersionId).Select(ToInfo).SingleAsync(ct);
            sha256 = await db.Datasets.Where(d => d.Id == run.DatasetId).Select(d => d.Sha256).SingleAsync(ct);
            gate = await db.GateDefinitions.AsNoTracking().SingleOrDefaultAsync(g => g.RegisteredModelId == version.RegisteredModelId, ct);
        }

        var total = run.ExampleCount;
        Publish(run.Id, version, GateRunStatus.Running, 0, total);
        var every = Math.Max(1, options.Value.ProgressEvery);
        var candidate = await evaluation.EvaluateAsync(version.ProviderModelId, sha256, options.Value.MaxConcurrency,
            done => done % every == 0 || done == total ? ReportProgressAsync(run.Id, version, done, total, ct) : Task.CompletedTask, ct);
        var baseline = await ProductionVersionAsync(version, ct) is { } production
            ? await CompareWithProductionAsync(runId, production, sha256, candidate, ct)
            : null;

        var rules = GateMetrics.Deserialize<List<GateRule>>(gate?.RulesJson) ?? [];
        var notWorse = GateMetrics.Deserialize<List<string>>(gate?.NotWorseThanProductionJson) ?? [];
        var scores = candidate.Score();
        var metrics = GateMetrics.Merge(version.FinalMetricsJson, scores);
        var ruleResults = rules.Select(r => r.Evaluate(metrics)).ToList();
        var comparisons = notWorse.Select(m => ProductionComparison.Evaluate(m, metrics, baseline?.Metrics, baseline?.Evidence.Version)).ToList();
        var passed = ruleResults.All(r => r.Passed) && comparisons.All(c => c.Passed);
        var failures = candidate.Failures().ToList();
        var promptTokens = candidate.PromptTokens + (baseline?.PromptTokens ?? 0);
        var completionTokens = candidate.CompletionTokens + (baseline?.CompletionTokens ?? 0);
        var cost = pricing.Cost(version.ProviderModelId, version.BaseModel, candidate.PromptTokens, candidate.CompletionTokens);
        if (baseline is not null)
        {
            cost = cost is null || baseline.CostUsd is null ? null : cost + baseline.CostUsd;
        }

        // One transaction: the verdict, the scores, the comparison, the answers to reuse and the audit entry commit together.
        var finished = await audit.WriteAsync(async (db, trail) =>
        {
            var stored = await db.GateRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
            stored.Status = passed ? GateRunStatus.Passed : GateRunStatus.Failed;
            stored.FinishedAt = time.GetUtcNow();
            stored.ExampleCount = candidate.Examples.Count;
            stored.Completed = candidate.Examples.Count;
            stored.FailedCount = failures.Count;
            stored.ScoresJson = GateMetrics.Serialize(scores);
            stored.ConfusionJson = candidate.Confusion() is { } confusion ? GateMetrics.Serialize(confusion) : null;
            stored.RuleResultsJson = GateMetrics.Serialize(ruleResults);
            stored.ProductionComparisonsJson = GateMetrics.Serialize(comparisons);
            stored.ProductionVersionId = baseline?.VersionId;
            stored.ProductionScoresJson = baseline?.Evidence.Metrics is { } productionScores ? GateMetrics.Serialize(productionScores) : null;
            stored.ProductionEvidenceJson = baseline is null ? null : GateMetrics.Serialize(baseline.Evidence);
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
            db.VersionEvaluations.Add(Answers(runId, version.Id, sha256, candidate, scores, stored.FinishedAt.Value));
            if (baseline?.Fresh is { } fresh)
            {
                fresh.FinishedAt = stored.FinishedAt.Value;
                db.VersionEvaluations.Add(fresh);
            }

            trail.Add(Finished(runId, version, stored.Status, new
            {
                status = stored.Status,
                eval_accuracy = scores.Accuracy,
                eval_macro_f1 = scores.MacroF1,
                eval_exact_match = scores.ExactMatch,
                failedExamples = failures.Count,
                productionVersion = baseline?.Evidence.Version,
                productionReusedFromRun = baseline?.Evidence.ReusedFromGateRunId,
                disagreements = baseline?.Evidence.DisagreementCount,
                tokens = promptTokens + completionTokens,
                costUsd = cost,
            }));
            return stored;
        }, CancellationToken.None);
        durations.Record(finished);
        Publish(runId, version, finished.Status, candidate.Examples.Count, candidate.Examples.Count);

        logger.LogInformation("Gate run {RunId} of {Model} v{Version} {Status}.", runId, version.ModelName, version.Number, passed ? "passed" : "failed");
    }

    /// <summary>Ends a run in <c>error</c> with <paramref name="message"/>; never throws (the run is already lost).</summary>
    public async Task FailAsync(int runId, string message)
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
                return new { Version = version, Run = run, run.Completed, run.ExampleCount };
            });
            if (failed is not null)
            {
                durations.Record(failed.Run);
                Publish(runId, failed.Version, GateRunStatus.Error, failed.Completed, failed.ExampleCount);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Gate run {RunId} could not be marked as failed.", runId);
        }
    }

    /// <summary>
    /// Marks every run still <c>running</c> that started before <paramref name="startedBefore"/> and is not in this
    /// instance's <paramref name="queued"/> runs as <c>error</c> (<see cref="InterruptedMessage"/>) and returns how many: a
    /// half-answered run has already spent tokens, and starting it again is a deliberate, visible choice for the engineer.
    /// </summary>
    public Task<int> MarkInterruptedAsync(DateTimeOffset startedBefore, IReadOnlyCollection<int> queued, CancellationToken ct) => audit.WriteAsync(async (db, trail) =>
    {
        var interrupted = await db.GateRuns
            .Where(r => r.Status == GateRunStatus.Running && r.StartedAt < startedBefore && !queued.Contains(r.Id))
            .ToListAsync(ct);
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

    private async Task<VersionInfo?> ProductionVersionAsync(VersionInfo candidate, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ModelVersions
            .Where(v => v.RegisteredModelId == candidate.RegisteredModelId && v.Stage == ModelStage.Production && v.Id != candidate.Id)
            .Select(ToInfo)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Production's answers to the same file: the latest stored ones, else answered now (same settings, and the tokens
    /// count towards this run). Scored against the candidate's expected answers, which are the file's.
    /// </summary>
    private async Task<Baseline> CompareWithProductionAsync(int runId, VersionInfo production, string sha256, EvaluationOutcome candidate, CancellationToken ct)
    {
        VersionEvaluation? previous;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            previous = await db.VersionEvaluations.AsNoTracking()
                .Where(e => e.ModelVersionId == production.Id && e.DatasetSha256 == sha256)
                .OrderByDescending(e => e.FinishedAt).ThenByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        }

        VersionEvaluation? fresh = null;
        long promptTokens = 0, completionTokens = 0;
        decimal? cost = 0;
        EvaluationScores scores;
        IReadOnlyList<EvaluationAnswer> answers;
        if (previous is not null)
        {
            scores = GateMetrics.Deserialize<EvaluationScores>(previous.ScoresJson)!;
            answers = GateMetrics.Deserialize<List<EvaluationAnswer>>(previous.AnswersJson) ?? [];
        }
        else
        {
            var outcome = await evaluation.EvaluateAsync(production.ProviderModelId, sha256, options.Value.MaxConcurrency, _ => Task.CompletedTask, ct);
            scores = outcome.Score();
            fresh = Answers(runId, production.Id, sha256, outcome, scores, default);
            answers = [.. outcome.Examples.Select(e => new EvaluationAnswer(e.Line, e.Actual))];
            (promptTokens, completionTokens) = (outcome.PromptTokens, outcome.CompletionTokens);
            cost = pricing.Cost(production.ProviderModelId, production.BaseModel, promptTokens, completionTokens);
        }

        var byLine = answers.ToDictionary(a => a.Line, a => a.Answer);
        var confusion = ConfusionMatrix.From([.. candidate.Examples.Where(e => byLine.ContainsKey(e.Line)).Select(e => (e.Expected, byLine[e.Line]))]);
        var disagreements = Disagreement.Between(candidate.Examples, byLine);
        var evidence = new ProductionEvidence(production.Number, scores, confusion, disagreements.Count,
            [.. disagreements.Take(Disagreement.MaxStored)], previous?.GateRunId);
        return new Baseline(production.Id, evidence, GateMetrics.Merge(production.FinalMetricsJson, scores), fresh, promptTokens, completionTokens, cost);
    }

    private static VersionEvaluation Answers(int runId, int versionId, string sha256, EvaluationOutcome outcome, EvaluationScores scores, DateTimeOffset finishedAt) => new()
    {
        ModelVersionId = versionId,
        DatasetSha256 = sha256,
        GateRunId = runId,
        FinishedAt = finishedAt,
        ScoresJson = GateMetrics.Serialize(scores),
        AnswersJson = GateMetrics.Serialize(outcome.Examples.Select(e => new EvaluationAnswer(e.Line, e.Actual))),
        PromptTokens = outcome.PromptTokens,
        CompletionTokens = outcome.CompletionTokens,
    };

    private async Task ReportProgressAsync(int runId, VersionInfo version, int done, int total, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Answers finish out of order: never move the stored count backwards.
        await db.GateRuns.Where(r => r.Id == runId && r.Completed < done).ExecuteUpdateAsync(s => s.SetProperty(r => r.Completed, done), ct);
        Publish(runId, version, GateRunStatus.Running, done, total);
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
}
