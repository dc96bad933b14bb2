using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Mlflow;

/// <summary>Reads ModelHub's registry in MLflow's shapes: registered models, versions, searches, latest versions, aliases.</summary>
public sealed class MlflowRegistryQueries(IDbContextFactory<ModelHubDbContext> dbFactory, ResolveAlias resolve)
{
    public const int MaxVersionResults = 200_000;
    public const int MaxModelResults = 1000;

    public async Task<Result<RegisteredModelView>> GetModelAsync(string? name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.AsNoTracking().SingleOrDefaultAsync(m => m.Name == name, ct);
        return model is null ? ModelNotFound(name) : (await ModelViewsAsync(db, [model], ct))[0];
    }

    public async Task<Result<Page<RegisteredModelView>>> SearchModelsAsync(string? filter, long? maxResults, string? pageToken, CancellationToken ct = default)
    {
        var conditions = MlflowFilter.Parse(filter);
        var max = PageToken.MaxResults(maxResults, 100, MaxModelResults);
        var offset = PageToken.Decode(pageToken);
        if (!conditions.Succeeded || !max.Succeeded || !offset.Succeeded)
        {
            return (conditions.Error ?? max.Error ?? offset.Error)!;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.RegisteredModels.AsNoTracking();
        foreach (var c in conditions.Value)
        {
            switch (c)
            {
                case { Target: FilterTarget.Attribute, Key: "name" }:
                    query = c.Op switch
                    {
                        "=" => query.Where(m => m.Name == c.Value),
                        "!=" => query.Where(m => m.Name != c.Value),
                        "ILIKE" => query.Where(m => EF.Functions.Like(m.Name.ToLower(), c.Value.ToLowerInvariant())),
                        _ => query.Where(m => EF.Functions.Like(m.Name, c.Value)),
                    };
                    break;
                case { Target: FilterTarget.Tag, Op: "=" or "!=" }:
                    var tagged = db.MlflowModelTags.Where(t => t.Key == c.Key && t.Value == c.Value).Select(t => t.RegisteredModelId);
                    query = c.Op == "=" ? query.Where(m => tagged.Contains(m.Id)) : query.Where(m => !tagged.Contains(m.Id));
                    break;
                default:
                    return MlflowFilter.Invalid($"Registered models can be filtered by name (=, !=, LIKE, ILIKE) and tags.`key` (=, !=); '{Describe(c)}' is not supported.");
            }
        }

        var models = await query.OrderBy(m => m.Name).Skip(offset.Value).Take(max.Value).ToListAsync(ct);
        return new Page<RegisteredModelView>(await ModelViewsAsync(db, models, ct), PageToken.Encode(offset.Value, max.Value, models.Count));
    }

    public async Task<Result<ModelVersionView>> GetVersionAsync(string? name, string? version, CancellationToken ct = default)
    {
        if (ParseVersion(version) is not { } number)
        {
            return InvalidVersion(version);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.ModelVersions.AsNoTracking().Named(name ?? "", number).Select(v => new { Version = v, Model = v.RegisteredModel!.Name }).ToListAsync(ct);
        return found.Count == 0 ? VersionNotFound(name, number) : (await VersionViewsAsync(db, [.. found.Select(f => new VersionRow(f.Version, f.Model))], ct))[0];
    }

    public async Task<Result<Page<ModelVersionView>>> SearchVersionsAsync(string? filter, long? maxResults, string? pageToken, CancellationToken ct = default)
    {
        var conditions = MlflowFilter.Parse(filter);
        var max = PageToken.MaxResults(maxResults, 10_000, MaxVersionResults);
        var offset = PageToken.Decode(pageToken);
        if (!conditions.Succeeded || !max.Succeeded || !offset.Succeeded)
        {
            return (conditions.Error ?? max.Error ?? offset.Error)!;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ModelVersions.AsNoTracking();
        foreach (var c in conditions.Value)
        {
            switch (c)
            {
                case { Target: FilterTarget.Attribute, Key: "name" }:
                    query = c.Op switch
                    {
                        "=" => query.Where(v => v.RegisteredModel!.Name == c.Value),
                        "!=" => query.Where(v => v.RegisteredModel!.Name != c.Value),
                        "ILIKE" => query.Where(v => EF.Functions.Like(v.RegisteredModel!.Name.ToLower(), c.Value.ToLowerInvariant())),
                        _ => query.Where(v => EF.Functions.Like(v.RegisteredModel!.Name, c.Value)),
                    };
                    break;
                case { Target: FilterTarget.Attribute, Key: "run_id", Op: "=" or "!=" } when JobRuns.JobId(c.Value) is { } jobId:
                    query = c.Op == "=" ? query.Where(v => v.JobId == jobId) : query.Where(v => v.JobId != jobId || v.JobId == null);
                    break;
                case { Target: FilterTarget.Attribute, Key: "run_id", Op: "=" or "!=" }:
                    var fromRun = db.MlflowVersionSources.Where(s => s.RunId == c.Value).Select(s => s.ModelVersionId);
                    query = c.Op == "=" ? query.Where(v => fromRun.Contains(v.Id)) : query.Where(v => !fromRun.Contains(v.Id));
                    break;
                case { Target: FilterTarget.Tag, Op: "=" or "!=" }:
                    var tagged = db.MlflowVersionTags.Where(t => t.Key == c.Key && t.Value == c.Value).Select(t => t.ModelVersionId);
                    query = c.Op == "=" ? query.Where(v => tagged.Contains(v.Id)) : query.Where(v => !tagged.Contains(v.Id));
                    break;
                default:
                    return MlflowFilter.Invalid($"Model versions can be filtered by name (=, !=, LIKE, ILIKE), run_id (=, !=) and tags.`key` (=, !=); '{Describe(c)}' is not supported.");
            }
        }

        var rows = await query.OrderBy(v => v.RegisteredModelId).ThenByDescending(v => v.Number).Skip(offset.Value).Take(max.Value)
            .Select(v => new { Version = v, Model = v.RegisteredModel!.Name }).ToListAsync(ct);
        return new Page<ModelVersionView>(await VersionViewsAsync(db, [.. rows.Select(r => new VersionRow(r.Version, r.Model))], ct), PageToken.Encode(offset.Value, max.Value, rows.Count));
    }

    /// <summary>The newest version in each requested stage (every stage when none is named).</summary>
    public async Task<Result<IReadOnlyList<ModelVersionView>>> LatestVersionsAsync(string? name, IReadOnlyList<string> stages, CancellationToken ct = default)
    {
        var wanted = new List<ModelStage>();
        foreach (var stage in stages)
        {
            if (ParseStage(stage) is not { } parsed)
            {
                return InvalidStage(stage);
            }

            wanted.Add(parsed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == name).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return ModelNotFound(name);
        }

        var rows = await LatestPerStageAsync(db, [modelId.Value], ct);
        return Result<IReadOnlyList<ModelVersionView>>.Success(await VersionViewsAsync(db, [.. rows.Where(r => wanted.Count == 0 || wanted.Contains(r.Version.Stage))], ct));
    }

    /// <summary>The version an alias points at, through the resolve API's cache.</summary>
    public async Task<Result<ModelVersionView>> ByAliasAsync(string? name, string? alias, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(alias))
        {
            return MlflowErrors.Invalid("name and alias are required.");
        }

        var resolved = await resolve.ResolveAsync(name, alias, ct);
        return resolved.Succeeded
            ? await GetVersionAsync(name, resolved.Value.Version.ToString(CultureInfo.InvariantCulture), ct)
            : resolved.Error!;
    }

    public static int? ParseVersion(string? version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>MLflow's stage names, case-insensitive.</summary>
    public static ModelStage? ParseStage(string? stage) => stage?.ToLowerInvariant() switch
    {
        "none" => ModelStage.None,
        "staging" => ModelStage.Staging,
        "production" => ModelStage.Production,
        "archived" => ModelStage.Archived,
        _ => null,
    };

    public static Error InvalidStage(string? stage) => MlflowErrors.Invalid($"'{stage}' is not a stage; use None, Staging, Production or Archived.", "stage");

    public static Error InvalidVersion(string? version) => MlflowErrors.Invalid($"'{version}' is not a version number.", "version");

    public static Error ModelNotFound(string? name) => new(ErrorKind.NotFound, "not-found", $"Registered model '{name}' was not found.");

    public static Error VersionNotFound(string? name, int number) => new(ErrorKind.NotFound, "not-found", $"Version {number} of registered model '{name}' was not found.");

    private static string Describe(FilterCondition c) => c.Target switch
    {
        FilterTarget.Tag => $"tags.`{c.Key}` {c.Op}",
        FilterTarget.Param => $"params.{c.Key}",
        _ => $"{c.Key} {c.Op}",
    };

    private sealed record VersionRow(ModelVersion Version, string Model);

    private static async Task<List<VersionRow>> LatestPerStageAsync(ModelHubDbContext db, List<int> modelIds, CancellationToken ct)
    {
        // Numbers grow with ids within a model, so the newest version of each stage is the one with the highest id.
        var newest = await db.ModelVersions.Where(v => modelIds.Contains(v.RegisteredModelId))
            .GroupBy(v => new { v.RegisteredModelId, v.Stage }).Select(g => g.Max(v => v.Id)).ToListAsync(ct);
        return (await db.ModelVersions.AsNoTracking().Where(v => newest.Contains(v.Id))
                .Select(v => new { Version = v, Model = v.RegisteredModel!.Name }).ToListAsync(ct))
            .Select(r => new VersionRow(r.Version, r.Model))
            .OrderBy(r => r.Version.RegisteredModelId).ThenBy(r => r.Version.Stage).ToList();
    }

    private static async Task<List<RegisteredModelView>> ModelViewsAsync(ModelHubDbContext db, List<RegisteredModel> models, CancellationToken ct)
    {
        var ids = models.Select(m => m.Id).ToList();
        var latest = (await VersionViewsAsync(db, await LatestPerStageAsync(db, ids, ct), ct)).ToLookup(v => v.Name);
        var tags = (await db.MlflowModelTags.AsNoTracking().Where(t => ids.Contains(t.RegisteredModelId)).ToListAsync(ct)).ToLookup(t => t.RegisteredModelId);
        var aliases = (await db.ModelAliases.AsNoTracking().Where(a => ids.Contains(a.RegisteredModelId))
            .Select(a => new { a.RegisteredModelId, a.Name, a.ModelVersion!.Number }).ToListAsync(ct)).ToLookup(a => a.RegisteredModelId);
        var owners = await OwnerNamesAsync(db, models.Select(m => m.OwnerId), ct);
        return
        [
            .. models.Select(m => new RegisteredModelView(
                m.Name, MlflowTime.Millis(m.CreatedAt), MlflowTime.Millis(m.UpdatedAt), m.Description, owners.GetValueOrDefault(m.OwnerId, m.OwnerId),
                [.. latest[m.Name]],
                [.. tags[m.Id].OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value))],
                [
                    .. latest[m.Name].Where(v => v.CurrentStage is "Production" or "Staging").Select(v => new AliasView(v.CurrentStage.ToLowerInvariant(), v.Version)),
                    .. aliases[m.Id].OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => new AliasView(a.Name, a.Number.ToString(CultureInfo.InvariantCulture))),
                ])),
        ];
    }

    private static async Task<List<ModelVersionView>> VersionViewsAsync(ModelHubDbContext db, List<VersionRow> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Version.Id).ToList();
        var sources = await db.MlflowVersionSources.AsNoTracking().Where(s => ids.Contains(s.ModelVersionId)).ToDictionaryAsync(s => s.ModelVersionId, ct);
        var tags = (await db.MlflowVersionTags.AsNoTracking().Where(t => ids.Contains(t.ModelVersionId)).ToListAsync(ct)).ToLookup(t => t.ModelVersionId);
        var aliases = (await db.ModelAliases.AsNoTracking().Where(a => ids.Contains(a.ModelVersionId)).Select(a => new { a.ModelVersionId, a.Name }).ToListAsync(ct))
            .ToLookup(a => a.ModelVersionId, a => a.Name);
        var users = await OwnerNamesAsync(db, rows.Select(r => r.Version.CreatedById), ct);
        var lastChange = (await db.StageTransitions.AsNoTracking().Where(t => ids.Contains(t.ModelVersionId)).Select(t => new { t.ModelVersionId, t.At }).ToListAsync(ct))
            .GroupBy(t => t.ModelVersionId).ToDictionary(g => g.Key, g => g.Max(t => t.At));
        return
        [
            .. rows.Select(r =>
            {
                var v = r.Version;
                var source = sources.GetValueOrDefault(v.Id);
                IReadOnlyList<string> stageAlias = v.Stage switch
                {
                    ModelStage.Production => [ModelAlias.Production],
                    ModelStage.Staging => [ModelAlias.Staging],
                    _ => [],
                };
                return new ModelVersionView(
                    r.Model, v.Number.ToString(CultureInfo.InvariantCulture), MlflowTime.Millis(v.CreatedAt),
                    MlflowTime.Millis(lastChange.TryGetValue(v.Id, out var at) && at > v.CreatedAt ? at : v.CreatedAt),
                    users.GetValueOrDefault(v.CreatedById, v.CreatedById), v.Stage.ToString(), v.Description,
                    source?.Source ?? (v.JobId is { } job ? $"modelhub:/jobs/{job}" : ""), source?.RunId ?? (v.JobId is { } jobId ? JobRuns.RunId(jobId) : null), "READY",
                    [
                        new KeyValue(MlflowVersionTag.ProviderModelIdKey, v.ProviderModelId),
                        .. tags[v.Id].Where(t => t.Key != MlflowVersionTag.ProviderModelIdKey).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)),
                    ],
                    [.. stageAlias, .. aliases[v.Id].Order(StringComparer.Ordinal)]);
            }),
        ];
    }

    private static async Task<Dictionary<string, string>> OwnerNamesAsync(ModelHubDbContext db, IEnumerable<string> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? u.Id, ct);
    }
}
