using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Mlflow;

/// <summary>Reads ModelHub's registry in MLflow's shapes: registered models, versions, searches, latest versions, aliases.</summary>
public sealed class MlflowRegistryQueries(IDbContextFactory<ModelHubDbContext> dbFactory, ResolveAlias resolve, AliasResolutionCache cache)
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
                        _ => ModelNameLike.Matching(db, query, c.Op, c.Value),
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
        var found = await Rows(db, db.ModelVersions.AsNoTracking().Named(name ?? "", number)).ToListAsync(ct);
        return found.Count == 0 ? VersionNotFound(name, number) : (await VersionViewsAsync(db, found, ct))[0];
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
                case { Target: FilterTarget.Attribute, Key: "name", Op: "=" }:
                    query = query.Where(v => v.RegisteredModel!.Name == c.Value);
                    break;
                case { Target: FilterTarget.Attribute, Key: "name", Op: "!=" }:
                    query = query.Where(v => v.RegisteredModel!.Name != c.Value);
                    break;
                case { Target: FilterTarget.Attribute, Key: "name" }:
                    query = ModelNameLike.Matching(db, query, c.Op, c.Value);
                    break;
                case { Target: FilterTarget.Attribute, Key: "run_id", Op: "=" or "!=" } when JobRuns.JobId(c.Value) is { } jobId:
                    // The job's own version, and versions registered through MLflow from the job's run.
                    var fromJob = db.MlflowVersionSources.Where(s => s.RunId == c.Value).Select(s => s.ModelVersionId);
                    query = c.Op == "="
                        ? query.Where(v => v.JobId == jobId || fromJob.Contains(v.Id))
                        : query.Where(v => (v.JobId != jobId || v.JobId == null) && !fromJob.Contains(v.Id));
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

        var rows = await Rows(db, query.OrderBy(v => v.RegisteredModelId).ThenByDescending(v => v.Number).Skip(offset.Value).Take(max.Value)).ToListAsync(ct);
        return new Page<ModelVersionView>(await VersionViewsAsync(db, rows, ct), PageToken.Encode(offset.Value, max.Value, rows.Count));
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
        return Result<IReadOnlyList<ModelVersionView>>.Success(await VersionViewsAsync(db, [.. rows.Where(r => wanted.Count == 0 || wanted.Contains(r.Stage))], ct));
    }

    /// <summary>
    /// The version an alias points at. The whole answer is cached beside the resolve API's resolution and dropped with it
    /// by every change that shows in it (see <see cref="AliasResolutionCache"/>).
    /// </summary>
    public async Task<Result<ModelVersionView>> ByAliasAsync(string? name, string? alias, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(alias))
        {
            return MlflowErrors.Invalid("name and alias are required.");
        }

        if (cache.TryGetAnswer<ModelVersionView>(name, alias) is { } hit)
        {
            return hit;
        }

        // Read before loading: a change committing while this loads bumps it, and the stale answer is not stored.
        var generation = cache.Generation(name);
        var resolved = await resolve.ResolveAsync(name, alias, ct);
        if (!resolved.Succeeded)
        {
            return resolved.Error!;
        }

        var answer = await GetVersionAsync(name, resolved.Value.Version.ToString(CultureInfo.InvariantCulture), ct);
        if (answer.Succeeded)
        {
            cache.TryStoreAnswer(name, alias, answer.Value, generation);
        }

        return answer;
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

    /// <summary>
    /// What a version's answer shows, in one row: its own columns that the answer uses (not the lineage and metrics
    /// columns it does not), its model's name, lineage source, creator, last stage change, and whether it has tags or
    /// aliases to read.
    /// </summary>
    private sealed record VersionRow(
        int Id, int RegisteredModelId, int Number, string ProviderModelId, ModelStage Stage, int? JobId, string? Description, string CreatedById, DateTimeOffset CreatedAt,
        string Model, string? RunId, string? Source, DateTimeOffset? LastChange, string? Creator, bool HasTags, bool HasAliases);

    /// <summary>
    /// The page's versions and their one-to-one details in a single query (correlated subqueries on the source's key,
    /// the (version, time) index of stage transitions, the users' key and the tag and alias tables' version indexes),
    /// keeping the order of <paramref name="versions"/>.
    /// </summary>
    private static IQueryable<VersionRow> Rows(ModelHubDbContext db, IQueryable<ModelVersion> versions) =>
        versions.Select(v => new VersionRow(
            v.Id, v.RegisteredModelId, v.Number, v.ProviderModelId, v.Stage, v.JobId, v.Description, v.CreatedById, v.CreatedAt,
            v.RegisteredModel!.Name,
            db.MlflowVersionSources.Where(s => s.ModelVersionId == v.Id).Select(s => s.RunId).FirstOrDefault(),
            db.MlflowVersionSources.Where(s => s.ModelVersionId == v.Id).Select(s => s.Source).FirstOrDefault(),
            db.StageTransitions.Where(t => t.ModelVersionId == v.Id).OrderByDescending(t => t.At).Select(t => (DateTimeOffset?)t.At).FirstOrDefault(),
            db.Users.Where(u => u.Id == v.CreatedById).Select(u => u.Email ?? u.UserName).FirstOrDefault(),
            db.MlflowVersionTags.Any(t => t.ModelVersionId == v.Id),
            db.ModelAliases.Any(a => a.ModelVersionId == v.Id)));

    private static async Task<List<VersionRow>> LatestPerStageAsync(ModelHubDbContext db, List<int> modelIds, CancellationToken ct)
    {
        // Numbers grow with ids within a model, so the newest version of each stage is the one with the highest id.
        var newest = await db.ModelVersions.Where(v => modelIds.Contains(v.RegisteredModelId))
            .GroupBy(v => new { v.RegisteredModelId, v.Stage }).Select(g => g.Max(v => v.Id)).ToListAsync(ct);
        return (await Rows(db, db.ModelVersions.AsNoTracking().Where(v => newest.Contains(v.Id))).ToListAsync(ct))
            .OrderBy(r => r.RegisteredModelId).ThenBy(r => r.Stage).ToList();
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
        if (rows.Count == 0)
        {
            return [];
        }

        // Most versions have neither tags nor aliases of their own: each follow-up query runs only when a row has some.
        var tagged = rows.Where(r => r.HasTags).Select(r => r.Id).ToList();
        var tags = (tagged.Count == 0 ? [] : await db.MlflowVersionTags.AsNoTracking().Where(t => tagged.Contains(t.ModelVersionId)).Select(t => new { t.ModelVersionId, t.Key, t.Value }).ToListAsync(ct))
            .ToLookup(t => t.ModelVersionId);
        var aliased = rows.Where(r => r.HasAliases).Select(r => r.Id).ToList();
        var aliases = (aliased.Count == 0 ? [] : await db.ModelAliases.AsNoTracking().Where(a => aliased.Contains(a.ModelVersionId)).Select(a => new { a.ModelVersionId, a.Name }).ToListAsync(ct))
            .ToLookup(a => a.ModelVersionId, a => a.Name);
        return
        [
            .. rows.Select(r =>
            {
                IReadOnlyList<string> stageAlias = r.Stage switch
                {
                    ModelStage.Production => [ModelAlias.Production],
                    ModelStage.Staging => [ModelAlias.Staging],
                    _ => [],
                };
                return new ModelVersionView(
                    r.Model, r.Number.ToString(CultureInfo.InvariantCulture), MlflowTime.Millis(r.CreatedAt),
                    MlflowTime.Millis(r.LastChange is { } at && at > r.CreatedAt ? at : r.CreatedAt),
                    r.Creator ?? r.CreatedById, r.Stage.ToString(), r.Description,
                    r.Source ?? (r.JobId is { } job ? $"modelhub:/jobs/{job}" : ""), r.RunId ?? (r.JobId is { } jobId ? JobRuns.RunId(jobId) : null), "READY",
                    [
                        new KeyValue(MlflowVersionTag.ProviderModelIdKey, r.ProviderModelId),
                        .. tags[r.Id].Where(t => t.Key != MlflowVersionTag.ProviderModelIdKey).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)),
                    ],
                    [.. stageAlias, .. aliases[r.Id].Order(StringComparer.Ordinal)]);
            }),
        ];
    }

    private static async Task<Dictionary<string, string>> OwnerNamesAsync(ModelHubDbContext db, IEnumerable<string> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.UserName ?? u.Id, ct);
    }
}
