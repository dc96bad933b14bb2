using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Mlflow;

/// <summary>Reads runs as MLflow answers them: one run, a search over experiments, a metric's history.</summary>
public sealed class MlflowRunQueries(IDbContextFactory<ModelHubDbContext> dbFactory, JobRunQueries jobRuns)
{
    public async Task<RunView?> GetAsync(string? runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (JobRuns.JobId(runId) is { } jobId)
        {
            return await jobRuns.GetAsync(db, jobId, ct);
        }

        var run = await db.MlflowRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
        return run is null ? null : (await ViewsAsync(db, [run], ct))[0];
    }

    /// <summary>Runs of <paramref name="experimentIds"/> matching the filter, newest first: logged runs and the fine-tune jobs of the models they are named after.</summary>
    public async Task<Result<Page<RunView>>> SearchAsync(IReadOnlyList<string> experimentIds, string? filter, string? viewType, long? maxResults, string? pageToken, CancellationToken ct = default)
    {
        var conditions = MlflowFilter.Parse(filter);
        var max = PageToken.MaxResults(maxResults, 1000, 50000);
        var offset = PageToken.Decode(pageToken);
        if (!conditions.Succeeded || !max.Succeeded || !offset.Succeeded)
        {
            return (conditions.Error ?? max.Error ?? offset.Error)!;
        }

        var ids = experimentIds.Select(MlflowExperiments.ParseId).OfType<int>().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.MlflowRuns.AsNoTracking().Where(r => ids.Contains(r.ExperimentId));
        query = MlflowViewTypes.Parse(viewType) switch
        {
            MlflowViewType.ActiveOnly => query.Where(r => r.LifecycleStage == MlflowLifecycle.Active),
            MlflowViewType.DeletedOnly => query.Where(r => r.LifecycleStage == MlflowLifecycle.Deleted),
            _ => query,
        };
        foreach (var c in conditions.Value)
        {
            var filtered = Apply(db, query, c);
            if (!filtered.Succeeded)
            {
                return filtered.Error!;
            }

            query = filtered.Value;
        }

        // Both kinds sorted alike: the first offset+max of each hold the page of the merged order.
        var runs = await query.OrderByDescending(r => r.StartTime).ThenBy(r => r.Id).Take(offset.Value + max.Value).ToListAsync(ct);
        var jobs = MlflowViewTypes.Parse(viewType) == MlflowViewType.DeletedOnly
            ? []
            : (await jobRuns.OfExperimentsAsync(db, ids, ct)).Where(r => conditions.Value.All(c => JobRunFilter.Matches(r, c)));
        var page = (await ViewsAsync(db, runs, ct)).Concat(jobs)
            .OrderByDescending(r => r.Info.StartTime).ThenBy(r => r.Info.RunId, StringComparer.Ordinal)
            .Skip(offset.Value).Take(max.Value).ToList();
        return new Page<RunView>(page, PageToken.Encode(offset.Value, max.Value, page.Count));
    }

    /// <summary>Every logged value of one metric of a run, in step order.</summary>
    public async Task<Result<Page<MetricView>>> HistoryAsync(string? runId, string? key, long? maxResults, string? pageToken, CancellationToken ct = default)
    {
        var max = PageToken.MaxResults(maxResults, 25000, 25000);
        var offset = PageToken.Decode(pageToken);
        if (!max.Succeeded || !offset.Succeeded)
        {
            return (max.Error ?? offset.Error)!;
        }

        if (string.IsNullOrEmpty(key))
        {
            return MlflowErrors.Invalid("metric_key is required.", "metric_key");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (JobRuns.JobId(runId) is { } jobId)
        {
            var history = await JobRunQueries.HistoryAsync(db, jobId, key, offset.Value, max.Value, ct);
            return history is null ? MlflowRuns.RunNotFound(runId) : new Page<MetricView>(history, PageToken.Encode(offset.Value, max.Value, history.Count));
        }

        if (!await db.MlflowRuns.AnyAsync(r => r.Id == runId, ct))
        {
            return MlflowRuns.RunNotFound(runId);
        }

        var stored = await db.MlflowMetrics.AsNoTracking().Where(m => m.RunId == runId && m.Key == key)
            .OrderBy(m => m.Step).ThenBy(m => m.Timestamp).ThenBy(m => m.Id)
            .Skip(offset.Value).Take(max.Value)
            .Select(m => new { m.Key, m.Value, m.IsNan, m.Timestamp, m.Step }).ToListAsync(ct);
        List<MetricView> points = [.. stored.Select(m => new MetricView(m.Key, m.IsNan ? double.NaN : m.Value, m.Timestamp, m.Step))];
        return new Page<MetricView>(points, PageToken.Encode(offset.Value, max.Value, points.Count));
    }

    private static Result<IQueryable<MlflowRun>> Apply(ModelHubDbContext db, IQueryable<MlflowRun> query, FilterCondition c)
    {
        if (c.Op is "LIKE" or "ILIKE" && c.Target != FilterTarget.Attribute)
        {
            return MlflowFilter.Invalid($"{c.Op} is supported on run_name only.");
        }

        var negate = c.Op == "!=";
        switch (c.Target)
        {
            case FilterTarget.Tag:
                var tagged = db.MlflowRunTags.Where(t => t.Key == c.Key && t.Value == c.Value).Select(t => t.RunId);
                return Result<IQueryable<MlflowRun>>.Success(negate ? query.Where(r => !tagged.Contains(r.Id)) : query.Where(r => tagged.Contains(r.Id)));
            case FilterTarget.Param:
                var withParam = db.MlflowParams.Where(p => p.Key == c.Key && p.Value == c.Value).Select(p => p.RunId);
                return Result<IQueryable<MlflowRun>>.Success(negate ? query.Where(r => !withParam.Contains(r.Id)) : query.Where(r => withParam.Contains(r.Id)));
        }

        return c.Key switch
        {
            "run_id" when c.Op is "=" or "!=" => Result<IQueryable<MlflowRun>>.Success(negate ? query.Where(r => r.Id != c.Value) : query.Where(r => r.Id == c.Value)),
            "status" when c.Op is "=" or "!=" => Result<IQueryable<MlflowRun>>.Success(negate ? query.Where(r => r.Status != c.Value) : query.Where(r => r.Status == c.Value)),
            "run_name" => Result<IQueryable<MlflowRun>>.Success(c.Op switch
            {
                "=" => query.Where(r => r.Name == c.Value),
                "!=" => query.Where(r => r.Name != c.Value),
                "ILIKE" => query.Where(r => EF.Functions.Like(r.Name!.ToLower(), c.Value.ToLowerInvariant())),
                _ => query.Where(r => EF.Functions.Like(r.Name!, c.Value)),
            }),
            _ => MlflowFilter.Invalid($"Runs can be filtered by run_id, run_name, status, tags.`key` and params.`key`; '{c.Key} {c.Op}' is not supported."),
        };
    }

    private static async Task<List<RunView>> ViewsAsync(ModelHubDbContext db, List<MlflowRun> runs, CancellationToken ct)
    {
        var ids = runs.Select(r => r.Id).ToList();
        var parameters = (await db.MlflowParams.AsNoTracking().Where(p => ids.Contains(p.RunId)).ToListAsync(ct)).ToLookup(p => p.RunId);
        var tags = (await db.MlflowRunTags.AsNoTracking().Where(t => ids.Contains(t.RunId)).ToListAsync(ct)).ToLookup(t => t.RunId);
        // The latest value of each metric, as MLflow reports it: the highest step, then the newest timestamp.
        var tops = await db.MlflowMetrics.Where(m => ids.Contains(m.RunId))
            .GroupBy(m => new { m.RunId, m.Key }).Select(g => new { g.Key.RunId, g.Key.Key, Step = g.Max(m => m.Step) }).ToListAsync(ct);
        var steps = tops.Select(t => t.Step).Distinct().ToList();
        var topSteps = tops.ToDictionary(t => (t.RunId, t.Key), t => t.Step);
        var latest = (await db.MlflowMetrics.AsNoTracking().Where(m => ids.Contains(m.RunId) && steps.Contains(m.Step)).ToListAsync(ct))
            .Where(m => topSteps[(m.RunId, m.Key)] == m.Step)
            .GroupBy(m => (m.RunId, m.Key))
            .Select(g => g.OrderByDescending(m => m.Timestamp).ThenByDescending(m => m.Id).First())
            .ToLookup(m => m.RunId);
        return
        [
            .. runs.Select(r => new RunView(
                new RunInfoView(r.Id, r.Id, r.Name ?? "", MlflowExperiments.Id(r.ExperimentId), r.UserName ?? "", r.Status, r.StartTime, r.EndTime,
                    ArtifactUri(r.ExperimentId, r.Id), r.LifecycleStage),
                new RunDataView(
                    [.. latest[r.Id].OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MetricView(m.Key, m.IsNan ? double.NaN : m.Value, m.Timestamp, m.Step))],
                    [.. parameters[r.Id].OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValue(p.Key, p.Value))],
                    [.. tags[r.Id].OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value))]))),
        ];
    }

    /// <summary>Where the client uploads a run's artifacts: through this server's artifact proxy.</summary>
    public static string ArtifactUri(int experimentId, string runId) => $"mlflow-artifacts:/{MlflowExperiments.Id(experimentId)}/{runId}/artifacts";
}
