using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Registry;

/// <summary>Reads the registry for pages and the API.</summary>
public sealed class RegistryQueries(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    /// <summary>One page of models; filtering, sorting and paging run in SQL so 10,000 models cost one page's rows.</summary>
    public async Task<Page<ModelListRow>> ListModelsAsync(ModelListQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var models = db.RegisteredModels.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim().ToLowerInvariant();
            models = models.Where(m => m.Name.Contains(search));
        }

        var total = await models.CountAsync(ct);
        models = (query.Sort, query.Descending) switch
        {
            (ModelSort.Name, false) => models.OrderBy(m => m.Name),
            (ModelSort.Name, true) => models.OrderByDescending(m => m.Name),
            (ModelSort.Versions, false) => models.OrderBy(m => m.Versions.Count).ThenBy(m => m.Name),
            (ModelSort.Versions, true) => models.OrderByDescending(m => m.Versions.Count).ThenBy(m => m.Name),
            (_, false) => models.OrderBy(m => m.UpdatedAt).ThenBy(m => m.Name),
            _ => models.OrderByDescending(m => m.UpdatedAt).ThenBy(m => m.Name),
        };
        var rows = await models.Skip(Math.Clamp(query.Skip, 0, InputLimits.MaxSkip)).Take(Math.Clamp(query.Take, 1, InputLimits.MaxPageSize))
            .Select(m => new ModelListRow(
                m.Name,
                m.Description,
                m.Versions.Where(v => v.Stage == ModelStage.Production).Select(v => (int?)v.Number).FirstOrDefault(),
                m.Versions.Where(v => v.Stage == ModelStage.Staging).Select(v => (int?)v.Number).FirstOrDefault(),
                m.Versions.Max(v => (int?)v.Number),
                m.Versions.Count,
                m.UpdatedAt,
                db.Users.Where(u => u.Id == m.OwnerId).Select(u => u.Email ?? u.UserName).FirstOrDefault() ?? m.OwnerId))
            .ToListAsync(ct);
        return new Page<ModelListRow>(rows, total);
    }

    public async Task<ModelDetails?> GetModelAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.Where(m => m.Name == name)
            .Select(m => new
            {
                m.Id,
                m.Name,
                m.Description,
                m.Tags,
                m.CreatedAt,
                m.UpdatedAt,
                Owner = db.Users.Where(u => u.Id == m.OwnerId).Select(u => u.Email ?? u.UserName).FirstOrDefault() ?? m.OwnerId,
            })
            .SingleOrDefaultAsync(ct);
        if (model is null)
        {
            return null;
        }

        var aliases = await (
            from a in db.ModelAliases
            where a.RegisteredModelId == model.Id
            join u in db.Users on a.UpdatedById equals u.Id
            orderby a.Name
            select new AliasRow(a.Name, a.ModelVersion!.Number, a.UpdatedAt, u.Email ?? u.UserName ?? a.UpdatedById)).ToListAsync(ct);
        var aliasesByVersion = aliases.ToLookup(a => a.Version, a => a.Name);

        var versions = (await (
            from v in db.ModelVersions
            where v.RegisteredModelId == model.Id
            join u in db.Users on v.CreatedById equals u.Id
            orderby v.Number descending
            select new { v.Number, v.Stage, v.ProviderModelId, v.BaseModel, v.FinalMetricsJson, v.JobId, v.TrainedTokens, v.CostUsd, v.CreatedAt, By = u.Email ?? u.UserName ?? v.CreatedById })
            .ToListAsync(ct))
            .Select(v => new VersionRow(v.Number, v.Stage, v.ProviderModelId, v.BaseModel, v.FinalMetricsJson, v.JobId, v.TrainedTokens, v.CostUsd, v.CreatedAt, v.By,
                [.. aliasesByVersion[v.Number]]))
            .ToList();

        var history = await HistoryAsync(db, db.StageTransitions.Where(t => t.ModelVersion!.RegisteredModelId == model.Id), 200, ct, sortInSql: false);
        var environments = await EnvironmentsAsync(db, db.ModelVersions.Where(v => v.RegisteredModelId == model.Id), ct);
        environments.TryGetValue(model.Id, out var env);
        return new ModelDetails(model.Name, model.Description, TagList.Parse(model.Tags), model.Owner, model.CreatedAt, model.UpdatedAt,
            env.Production, env.Staging, versions, aliases, history);
    }

    public async Task<VersionDetails?> GetVersionAsync(string model, int number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var v = await db.ModelVersions.Named(model, number)
            .Select(v => new
            {
                Version = v,
                By = db.Users.Where(u => u.Id == v.CreatedById).Select(u => u.Email ?? u.UserName).FirstOrDefault(),
                Training = db.Datasets.Where(d => d.Id == v.TrainingDatasetId).Select(d => d.Name).FirstOrDefault(),
                Validation = db.Datasets.Where(d => d.Id == v.ValidationDatasetId).Select(d => d.Name).FirstOrDefault(),
                Aliases = db.ModelAliases.Where(a => a.ModelVersionId == v.Id).OrderBy(a => a.Name).Select(a => a.Name).ToList(),
            })
            .AsNoTracking()
            .SingleOrDefaultAsync(ct);
        if (v is null)
        {
            return null;
        }

        var version = v.Version;
        var history = await HistoryAsync(db, db.StageTransitions.Where(t => t.ModelVersionId == version.Id), 100, ct, sortInSql: false);
        return new VersionDetails(
            model, version.Number, version.Stage, version.ProviderModelId, version.BaseModel, version.JobId,
            version.TrainingDatasetId is { } trainingId
                ? new LineageDataset(trainingId, v.Training ?? $"Dataset {trainingId}", version.TrainingDatasetSha256 ?? "")
                : null,
            version.ValidationDatasetId is { } validationId
                ? new LineageDataset(validationId, v.Validation ?? $"Dataset {validationId}", version.ValidationDatasetSha256 ?? "")
                : null,
            version.NEpochs, version.BatchSize, version.LearningRateMultiplier, version.Suffix, version.Seed,
            ParseMetrics(version.FinalMetricsJson), version.TrainedTokens, version.CostUsd, version.Description, TagList.Parse(version.Tags),
            v.By ?? version.CreatedById, version.CreatedAt, v.Aliases, history);
    }

    /// <summary>Models that have a Production or Staging version, by name (at most <paramref name="take"/>).</summary>
    public async Task<IReadOnlyList<EnvironmentRow>> EnvironmentMatrixAsync(int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var models = await db.RegisteredModels
            .Where(m => m.Versions.Any(v => v.Stage == ModelStage.Production || v.Stage == ModelStage.Staging))
            .OrderBy(m => m.Name).Take(take).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        var ids = models.Select(m => m.Id).ToList();
        var environments = await EnvironmentsAsync(db, db.ModelVersions.Where(v => ids.Contains(v.RegisteredModelId)), ct);
        return [.. models.Select(m => environments.TryGetValue(m.Id, out var env)
            ? new EnvironmentRow(m.Name, env.Production, env.Staging)
            : new EnvironmentRow(m.Name, null, null))];
    }

    /// <summary>The newest stage changes across all models.</summary>
    public async Task<IReadOnlyList<StageChange>> RecentStageChangesAsync(int take = 10, bool includeRegistrations = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var transitions = includeRegistrations ? db.StageTransitions : db.StageTransitions.Where(t => t.From != null);
        return await HistoryAsync(db, transitions, take, ct, sortInSql: true);
    }

    internal static IReadOnlyDictionary<string, double> ParseMetrics(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];

    // One model's or version's history is a handful of rows: sorting them here keeps SQLite from walking the global
    // At index newest-first across every model (measured: 350 ms per model page with 100,000 versions, instead of ~1 ms).
    private static async Task<IReadOnlyList<StageChange>> HistoryAsync(
        ModelHubDbContext db, IQueryable<StageTransition> transitions, int take, CancellationToken ct, bool sortInSql)
    {
        var rows =
            from t in transitions
            join u in db.Users on t.ById equals u.Id
            select new { t.Id, Model = t.ModelVersion!.RegisteredModel!.Name, t.ModelVersion.Number, t.From, t.To, t.At, By = u.Email ?? u.UserName ?? t.ById, t.Reason };
        var loaded = sortInSql
            ? await rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(take).ToListAsync(ct)
            : [.. (await rows.ToListAsync(ct)).OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(take)];
        return [.. loaded.Select(r => new StageChange(r.Model, r.Number, r.From, r.To, r.At, r.By, r.Reason))];
    }

    private static async Task<Dictionary<int, (EnvironmentSlot? Production, EnvironmentSlot? Staging)>> EnvironmentsAsync(
        ModelHubDbContext db, IQueryable<ModelVersion> versions, CancellationToken ct)
    {
        var live = await versions
            .Where(v => v.Stage == ModelStage.Production || v.Stage == ModelStage.Staging)
            .Select(v => new
            {
                v.RegisteredModelId,
                v.Number,
                v.Stage,
                v.ProviderModelId,
                v.CreatedAt,
                // Scalar subqueries (correlated, LIMIT 1 on the (ModelVersionId, At) index): projecting an object here makes
                // EF rank every transition of every version with ROW_NUMBER(), 350 ms at 100,000 versions.
                SinceAt = db.StageTransitions.Where(t => t.ModelVersionId == v.Id && t.To == v.Stage).OrderByDescending(t => t.At)
                    .Select(t => (DateTimeOffset?)t.At).FirstOrDefault(),
                By = db.Users.Where(u => u.Id == db.StageTransitions.Where(t => t.ModelVersionId == v.Id && t.To == v.Stage)
                    .OrderByDescending(t => t.At).Select(t => t.ById).FirstOrDefault()).Select(u => u.Email).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var result = new Dictionary<int, (EnvironmentSlot? Production, EnvironmentSlot? Staging)>();
        foreach (var v in live)
        {
            var slot = new EnvironmentSlot(v.Stage, v.Number, v.ProviderModelId, v.SinceAt ?? v.CreatedAt, v.By);
            result.TryGetValue(v.RegisteredModelId, out var env);
            result[v.RegisteredModelId] = v.Stage == ModelStage.Production ? env with { Production = slot } : env with { Staging = slot };
        }

        return result;
    }
}
