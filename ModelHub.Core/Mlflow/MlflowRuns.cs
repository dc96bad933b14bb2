using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Mlflow;

/// <summary>Creates, updates, deletes and restores MLflow runs and logs their params, metrics and tags.</summary>
public sealed class MlflowRuns(IDbContextFactory<ModelHubDbContext> dbFactory, MlflowRunQueries queries, TimeProvider time)
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;

    /// <summary>What a new run starts with.</summary>
    public sealed record NewRun(string? ExperimentId, string? UserName, long? StartTime, string? RunName, IReadOnlyList<KeyValue> Tags);

    public async Task<Result<RunView>> CreateAsync(NewRun request, Actor actor, CancellationToken ct = default)
    {
        if (MlflowExperiments.ParseId(request.ExperimentId) is not { } experimentId)
        {
            return Error.NotFound($"Experiment '{request.ExperimentId}'");
        }

        if (CheckTags(request.Tags) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stage = await db.MlflowExperiments.Where(e => e.Id == experimentId).Select(e => e.LifecycleStage).SingleOrDefaultAsync(ct);
        if (stage is null)
        {
            return Error.NotFound($"Experiment '{request.ExperimentId}'");
        }

        if (stage != MlflowLifecycle.Active)
        {
            return MlflowErrors.InvalidState($"Experiment {request.ExperimentId} is deleted; restore it before logging runs to it.");
        }

        var id = Guid.NewGuid().ToString("N");
        var runName = request.RunName ?? request.Tags.LastOrDefault(t => t.Key == "mlflow.runName")?.Value ?? id[..8];
        db.MlflowRuns.Add(new MlflowRun
        {
            Id = id,
            ExperimentId = experimentId,
            Name = runName.Length > 250 ? runName[..250] : runName,
            CreatedById = actor.Id!,
            UserName = request.UserName ?? actor.Name,
            StartTime = request.StartTime ?? MlflowTime.Millis(time.GetUtcNow()),
        });
        foreach (var tag in request.Tags.DistinctBy(t => t.Key))
        {
            db.MlflowRunTags.Add(new MlflowRunTag { RunId = id, Key = tag.Key, Value = tag.Value });
        }

        await db.SaveChangesAsync(ct);
        return (await queries.GetAsync(id, ct))!;
    }

    public async Task<Result<RunInfoView>> UpdateAsync(string? runId, string? status, long? endTime, string? runName, CancellationToken ct = default)
    {
        if (JobRuns.JobId(runId) is not null)
        {
            return JobRuns.ReadOnly(runId);
        }

        if (status is not null && !MlflowRunStatus.All.Contains(status))
        {
            return MlflowErrors.Invalid($"'{status}' is not a run status; use one of {string.Join(", ", MlflowRunStatus.All)}.", "status");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.MlflowRuns.SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return RunNotFound(runId);
        }

        run.Status = status ?? run.Status;
        run.EndTime = endTime ?? run.EndTime;
        if (!string.IsNullOrEmpty(runName))
        {
            run.Name = runName.Length > 250 ? runName[..250] : runName;
        }

        await db.SaveChangesAsync(ct);
        return (await queries.GetAsync(run.Id, ct))!.Info;
    }

    public Task<Result<bool>> DeleteAsync(string? runId, CancellationToken ct = default) => LifecycleAsync(runId, MlflowLifecycle.Deleted, ct);

    public Task<Result<bool>> RestoreAsync(string? runId, CancellationToken ct = default) => LifecycleAsync(runId, MlflowLifecycle.Active, ct);

    /// <summary>
    /// Logs metrics, params and tags in one transaction. Params are write-once, as in MLflow: the same value again is
    /// accepted, a different one refused.
    /// </summary>
    public async Task<Result<bool>> LogBatchAsync(string? runId, IReadOnlyList<MetricView> metrics, IReadOnlyList<KeyValue> parameters, IReadOnlyList<KeyValue> tags, CancellationToken ct = default)
    {
        if (JobRuns.JobId(runId) is not null)
        {
            return JobRuns.ReadOnly(runId);
        }

        if (metrics.Count > MaxMetricsPerBatch || parameters.Count > MaxParamsPerBatch || tags.Count > MaxTagsPerBatch)
        {
            return MlflowErrors.Invalid($"A batch holds at most {MaxMetricsPerBatch} metrics, {MaxParamsPerBatch} params and {MaxTagsPerBatch} tags; got {metrics.Count}, {parameters.Count} and {tags.Count}.");
        }

        if (CheckTags(tags) is { } badTag)
        {
            return badTag;
        }

        if (parameters.FirstOrDefault(p => !ValidKey(p.Key) || p.Value.Length > MlflowParam.MaxValueLength) is { } badParam)
        {
            return MlflowErrors.Invalid($"Param '{Clip(badParam.Key)}' is invalid: keys are 1–{MlflowParam.MaxKeyLength} characters, values at most {MlflowParam.MaxValueLength}.", "params");
        }

        if (metrics.FirstOrDefault(m => !ValidKey(m.Key)) is { } badMetric)
        {
            return MlflowErrors.Invalid($"Metric key '{Clip(badMetric.Key)}' is invalid: keys are 1–{MlflowParam.MaxKeyLength} characters.", "metrics");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stage = await db.MlflowRuns.Where(r => r.Id == runId).Select(r => r.LifecycleStage).SingleOrDefaultAsync(ct);
        if (stage is null)
        {
            return RunNotFound(runId);
        }

        if (stage != MlflowLifecycle.Active)
        {
            return MlflowErrors.InvalidState($"Run {runId} is deleted; restore it before logging to it.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (parameters.Count > 0)
        {
            var keys = parameters.Select(p => p.Key).ToList();
            var existing = await db.MlflowParams.Where(p => p.RunId == runId && keys.Contains(p.Key)).ToDictionaryAsync(p => p.Key, p => p.Value, ct);
            foreach (var group in parameters.GroupBy(p => p.Key))
            {
                var value = group.First().Value;
                if (group.Any(p => p.Value != value) || (existing.TryGetValue(group.Key, out var old) && old != value))
                {
                    return MlflowErrors.Invalid($"Param '{Clip(group.Key)}' of run {runId} already has the value '{Clip(existing.GetValueOrDefault(group.Key) ?? value)}'; params cannot change.", "params");
                }

                if (!existing.ContainsKey(group.Key))
                {
                    db.MlflowParams.Add(new MlflowParam { RunId = runId!, Key = group.Key, Value = value });
                }
            }
        }

        if (tags.Count > 0)
        {
            var keys = tags.Select(t => t.Key).ToList();
            var existing = await db.MlflowRunTags.Where(t => t.RunId == runId && keys.Contains(t.Key)).ToDictionaryAsync(t => t.Key, ct);
            foreach (var tag in tags)
            {
                if (existing.TryGetValue(tag.Key, out var row))
                {
                    row.Value = tag.Value;
                }
                else
                {
                    existing[tag.Key] = db.MlflowRunTags.Add(new MlflowRunTag { RunId = runId!, Key = tag.Key, Value = tag.Value }).Entity;
                }
            }
        }

        if (parameters.Count > 0 || tags.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        await MetricRowsInsert.InsertAsync(db, runId!, [.. metrics.Select(Stored)], ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// What MLflow's own store keeps: NaN as a flagged 0 (no database keeps NaN portably; SQLite refuses it), infinities
    /// as the largest finite doubles.
    /// </summary>
    private static MlflowMetricPoint Stored(MetricView m) => m.Value switch
    {
        double.NaN => new MlflowMetricPoint(m.Key, 0, true, m.Timestamp, m.Step),
        double.PositiveInfinity => new MlflowMetricPoint(m.Key, double.MaxValue, false, m.Timestamp, m.Step),
        double.NegativeInfinity => new MlflowMetricPoint(m.Key, double.MinValue, false, m.Timestamp, m.Step),
        _ => new MlflowMetricPoint(m.Key, m.Value, false, m.Timestamp, m.Step),
    };

    public async Task<Result<bool>> DeleteTagAsync(string? runId, string? key, CancellationToken ct = default)
    {
        if (JobRuns.JobId(runId) is not null)
        {
            return JobRuns.ReadOnly(runId);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.MlflowRuns.AnyAsync(r => r.Id == runId, ct))
        {
            return RunNotFound(runId);
        }

        var removed = await db.MlflowRunTags.Where(t => t.RunId == runId && t.Key == key).ExecuteDeleteAsync(ct);
        return removed == 0 ? Error.NotFound($"Tag '{key}' of run {runId}") : true;
    }

    private async Task<Result<bool>> LifecycleAsync(string? runId, string stage, CancellationToken ct)
    {
        if (JobRuns.JobId(runId) is not null)
        {
            return JobRuns.ReadOnly(runId);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.MlflowRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.LifecycleStage, stage), ct);
        return changed == 0 ? RunNotFound(runId) : true;
    }

    internal static Error RunNotFound(string? runId) => new(ErrorKind.NotFound, "not-found", $"Run '{runId}' was not found.");

    private static Error? CheckTags(IReadOnlyList<KeyValue> tags) =>
        tags.FirstOrDefault(t => !ValidKey(t.Key) || t.Value.Length > MlflowRunTag.MaxValueLength) is { } bad
            ? MlflowErrors.Invalid($"Tag '{Clip(bad.Key)}' is invalid: keys are 1–{MlflowParam.MaxKeyLength} characters, values at most {MlflowRunTag.MaxValueLength}.", "tags")
            : null;

    private static bool ValidKey(string key) => key.Length is > 0 and <= MlflowParam.MaxKeyLength && !key.Contains("..", StringComparison.Ordinal);

    private static string Clip(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
