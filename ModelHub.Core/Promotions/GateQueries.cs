using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Promotions;

/// <summary>A model's gate as pages and the API show it.</summary>
public sealed record GateView(string Model, GateConfiguration Gate, DateTimeOffset? UpdatedAt);

/// <summary>One failed example as shown to a person (HTML-encoding is the renderer's job).</summary>
public sealed record FailedExample(int Line, string Prompt, string Expected, string Actual);

/// <summary>
/// A gate run with its verdict; <see cref="Failures"/> holds at most the stored ones (see <see cref="GateRun.MaxStoredFailures"/>).
/// <see cref="Production"/> is production's side on the same data, null when no other version was in production.
/// </summary>
public sealed record GateRunView(
    int Id,
    string Model,
    int Version,
    int DatasetId,
    string DatasetName,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int Completed,
    int Total,
    EvaluationScores? Scores,
    IReadOnlyList<GateRuleResult> Rules,
    IReadOnlyList<ProductionComparison> NotWorseThanProduction,
    EvaluationScores? ProductionScores,
    long PromptTokens,
    long CompletionTokens,
    decimal? CostUsd,
    int FailedCount,
    IReadOnlyList<FailedExample> Failures,
    string? Error,
    ConfusionMatrix? Confusion = null,
    ProductionEvidence? Production = null);

/// <summary>Reads gates and gate runs.</summary>
public sealed class GateQueries(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    /// <summary>The model's gate (empty when never configured), or null when the model does not exist.</summary>
    public async Task<GateView?> GetGateAsync(string modelName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == modelName).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return null;
        }

        var gate = await db.GateDefinitions.AsNoTracking().SingleOrDefaultAsync(g => g.RegisteredModelId == modelId, ct);
        return new GateView(modelName, new GateConfiguration(
                GateMetrics.Deserialize<List<GateRule>>(gate?.RulesJson) ?? [],
                GateMetrics.Deserialize<List<string>>(gate?.NotWorseThanProductionJson) ?? []),
            gate?.UpdatedAt);
    }

    /// <summary>Runs of one version, newest first, without their failed examples.</summary>
    public async Task<IReadOnlyList<GateRunView>> ListRunsAsync(string modelName, int versionNumber, int limit = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await db.GateRuns
            .Where(r => db.ModelVersions.Any(v => v.Id == r.ModelVersionId && v.Number == versionNumber && v.RegisteredModel!.Name == modelName))
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Select(r => r.Id).Take(limit).ToListAsync(ct);
        var runs = new List<GateRunView>(ids.Count);
        foreach (var id in ids)
        {
            runs.Add((await ReadAsync(db, id, 0, ct))!);
        }

        return runs;
    }

    /// <summary>One run with up to <paramref name="maxFailures"/> of its stored failed examples, or null.</summary>
    public async Task<GateRunView?> GetRunAsync(int id, int maxFailures = GateRun.MaxStoredFailures, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ReadAsync(db, id, maxFailures, ct);
    }

    private static async Task<GateRunView?> ReadAsync(ModelHubDbContext db, int id, int maxFailures, CancellationToken ct)
    {
        var row = await (
            from r in db.GateRuns
            where r.Id == id
            join v in db.ModelVersions on r.ModelVersionId equals v.Id
            join d in db.Datasets on r.DatasetId equals d.Id
            select new
            {
                Run = r, Model = v.RegisteredModel!.Name, v.Number, DatasetName = d.Name,
                ProductionNumber = db.ModelVersions.Where(p => p.Id == r.ProductionVersionId).Select(p => (int?)p.Number).FirstOrDefault(),
            }).AsNoTracking().SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var failures = maxFailures <= 0
            ? []
            : await db.GateRunFailures.Where(f => f.GateRunId == id).OrderBy(f => f.Line).Take(maxFailures)
                .Select(f => new FailedExample(f.Line, f.PromptExcerpt, f.Expected, f.Actual)).ToListAsync(ct);
        var run = row.Run;
        return new GateRunView(run.Id, row.Model, row.Number, run.DatasetId, row.DatasetName, run.Status, run.StartedAt, run.FinishedAt,
            run.Completed, run.ExampleCount,
            GateMetrics.Deserialize<EvaluationScores>(run.ScoresJson),
            GateMetrics.Deserialize<List<GateRuleResult>>(run.RuleResultsJson) ?? [],
            GateMetrics.Deserialize<List<ProductionComparison>>(run.ProductionComparisonsJson) ?? [],
            GateMetrics.Deserialize<EvaluationScores>(run.ProductionScoresJson),
            run.PromptTokens, run.CompletionTokens, run.CostUsd, run.FailedCount, failures, run.Error,
            GateMetrics.Deserialize<ConfusionMatrix>(run.ConfusionJson),
            Production(run, row.ProductionNumber));
    }

    /// <summary>Production's side; a run from before comparisons were recorded has only production's scores.</summary>
    private static ProductionEvidence? Production(GateRun run, int? productionNumber) =>
        GateMetrics.Deserialize<ProductionEvidence>(run.ProductionEvidenceJson)
        ?? (productionNumber is { } number ? new ProductionEvidence(number, GateMetrics.Deserialize<EvaluationScores>(run.ProductionScoresJson)) : null);
}
