using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// Reads fine-tune jobs as MLflow runs, straight from FineTuneJob and MetricPoint: params are the hyperparameters and
/// base model, tags the dataset hashes, metrics the loss/accuracy history by step. Nothing is copied.
/// </summary>
public sealed class JobRunQueries(JobExperiments experiments)
{
    private sealed record JobRow(FineTuneJob Job, string Model, string? LaunchedBy, string? TrainingSha256, string? ValidationSha256);

    /// <summary>The job's run, or null when there is no such job.</summary>
    public async Task<RunView?> GetAsync(ModelHubDbContext db, int jobId, CancellationToken ct)
    {
        await experiments.EnsureAsync(ct);
        var rows = await RowsAsync(db, db.FineTuneJobs.Where(j => j.Id == jobId), ct);
        if (rows.Count == 0)
        {
            return null;
        }

        var experimentId = await db.MlflowExperiments.Where(e => e.Name == rows[0].Model).Select(e => e.Id).SingleAsync(ct);
        return (await ViewsAsync(db, rows, _ => experimentId, ct))[0];
    }

    /// <summary>The runs of every job of the models the experiments are named after, newest first.</summary>
    public async Task<List<RunView>> OfExperimentsAsync(ModelHubDbContext db, IReadOnlyCollection<int> experimentIds, CancellationToken ct)
    {
        await experiments.EnsureAsync(ct);
        var models = await JobExperiments.ModelsOfAsync(db, experimentIds, ct);
        if (models.Count == 0)
        {
            return [];
        }

        var modelIds = models.Keys.ToList();
        var rows = await RowsAsync(db, db.FineTuneJobs.Where(j => modelIds.Contains(j.RegisteredModelId)), ct);
        return [.. (await ViewsAsync(db, rows, job => models[job.RegisteredModelId], ct)).OrderByDescending(r => r.Info.StartTime).ThenBy(r => r.Info.RunId, StringComparer.Ordinal)];
    }

    /// <summary>One metric's points of a job in step order, stamped with the job's start (the provider reports steps, not times).</summary>
    public static async Task<List<MetricView>?> HistoryAsync(ModelHubDbContext db, int jobId, string key, int offset, int max, CancellationToken ct)
    {
        var job = await db.FineTuneJobs.Where(j => j.Id == jobId).Select(j => new { j.StartedAt, j.CreatedAt }).SingleOrDefaultAsync(ct);
        if (job is null)
        {
            return null;
        }

        var at = MlflowTime.Millis(job.StartedAt ?? job.CreatedAt);
        return (await db.MetricPoints.AsNoTracking().Where(p => p.JobId == jobId && p.Name == key)
                .OrderBy(p => p.Step).Skip(offset).Take(max).Select(p => new { p.Step, p.Value }).ToListAsync(ct))
            .Select(p => new MetricView(key, p.Value, at, p.Step)).ToList();
    }

    private static async Task<List<JobRow>> RowsAsync(ModelHubDbContext db, IQueryable<FineTuneJob> jobs, CancellationToken ct) =>
        (await jobs.AsNoTracking().Select(j => new
        {
            Job = j,
            Model = j.RegisteredModel!.Name,
            LaunchedBy = db.Users.Where(u => u.Id == j.LaunchedById).Select(u => u.Email).FirstOrDefault(),
            Training = db.Datasets.Where(d => d.Id == j.TrainingDatasetId).Select(d => d.Sha256).FirstOrDefault(),
            Validation = db.Datasets.Where(d => d.Id == j.ValidationDatasetId).Select(d => d.Sha256).FirstOrDefault(),
        }).ToListAsync(ct)).Select(r => new JobRow(r.Job, r.Model, r.LaunchedBy, r.Training, r.Validation)).ToList();

    private static async Task<List<RunView>> ViewsAsync(ModelHubDbContext db, List<JobRow> rows, Func<FineTuneJob, int> experimentOf, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Job.Id).ToList();
        // The latest value of each metric is the one at its highest step, as MLflow reports a run's metrics.
        var latest = (await db.MetricPoints.AsNoTracking().Where(p => ids.Contains(p.JobId))
                .Where(p => p.Step == db.MetricPoints.Where(q => q.JobId == p.JobId && q.Name == p.Name).Max(q => q.Step))
                .Select(p => new { p.JobId, p.Name, p.Step, p.Value }).ToListAsync(ct))
            .ToLookup(p => p.JobId);
        return
        [
            .. rows.Select(r =>
            {
                var job = r.Job;
                var runId = JobRuns.RunId(job.Id);
                var experimentId = experimentOf(job);
                var at = MlflowTime.Millis(job.StartedAt ?? job.CreatedAt);
                return new RunView(
                    new RunInfoView(runId, runId, runId, MlflowExperiments.Id(experimentId), r.LaunchedBy ?? "", JobRuns.Status(job.Status), at,
                        job.FinishedAt is { } end ? MlflowTime.Millis(end) : null, MlflowRunQueries.ArtifactUri(experimentId, runId), MlflowLifecycle.Active),
                    new RunDataView(
                        [.. latest[job.Id].OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new MetricView(p.Name, p.Value, at, p.Step))],
                        Params(job),
                        Tags(r)));
            }),
        ];
    }

    private static List<KeyValue> Params(FineTuneJob job)
    {
        var values = new List<KeyValue>
        {
            new("base_model", job.BaseModel),
            new("batch_size", Text(job.TrainedBatchSize ?? job.BatchSize)),
            new("learning_rate_multiplier", Text(job.TrainedLearningRateMultiplier ?? job.LearningRateMultiplier)),
            new("n_epochs", Text(job.TrainedEpochs ?? job.NEpochs)),
        };
        if (job.FineTunedModel is { } fineTuned)
        {
            values.Add(new KeyValue(RegisterRunVersion.FineTunedModelKey, fineTuned));
        }

        if (job.Seed is { } seed)
        {
            values.Add(new KeyValue("seed", Text(seed)));
        }

        if (job.Suffix is { Length: > 0 } suffix)
        {
            values.Add(new KeyValue("suffix", suffix));
        }

        return [.. values.OrderBy(p => p.Key, StringComparer.Ordinal)];
    }

    private static List<KeyValue> Tags(JobRow r)
    {
        var tags = new List<KeyValue>
        {
            new("mlflow.runName", JobRuns.RunId(r.Job.Id)),
            new("mlflow.source.name", "ModelHub fine-tune job"),
            new("mlflow.user", r.LaunchedBy ?? ""),
            new(JobRuns.JobIdTag, Text(r.Job.Id)),
            new(JobRuns.JobStatusTag, r.Job.Status),
        };
        if (r.TrainingSha256 is { } training)
        {
            tags.Add(new KeyValue(JobRuns.TrainingSha256Tag, training));
        }

        if (r.ValidationSha256 is { } validation)
        {
            tags.Add(new KeyValue(JobRuns.ValidationSha256Tag, validation));
        }

        return [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal)];
    }

    // "auto" until the provider reports what it chose, as the job page shows it.
    private static string Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "auto";

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "auto";
}
