using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.FineTuning;

/// <summary>A job as lists, pages and the API show it.</summary>
public sealed record JobSummary(
    int Id,
    string? ProviderJobId,
    string Status,
    string ModelName,
    string BaseModel,
    int TrainingDatasetId,
    int? ValidationDatasetId,
    int? NEpochs,
    int? BatchSize,
    double? LearningRateMultiplier,
    string? Suffix,
    int? Seed,
    string? Notes,
    string? FineTunedModel,
    long? TrainedTokens,
    decimal? EstimatedCostUsd,
    decimal? ActualCostUsd,
    string? ErrorCode,
    string? ErrorMessage,
    string LaunchedById,
    string LaunchedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int CurrentStep,
    int? TotalSteps,
    int? VersionNumber,
    int? TrainedEpochs,
    int? TrainedBatchSize,
    double? TrainedLearningRateMultiplier)
{
    public bool IsTerminal => JobStatus.IsTerminal(Status);
}

/// <summary>Everything the job page shows.</summary>
public sealed record JobDetails(
    JobSummary Job,
    string TrainingDatasetName,
    string? ValidationDatasetName,
    IReadOnlyList<JobStatusChange> Timeline,
    IReadOnlyList<JobEventItem> Events,
    IReadOnlyList<MetricItem> Metrics,
    IReadOnlyList<JobCheckpoint> Checkpoints);

/// <summary>Narrows the jobs list; null means any.</summary>
public sealed record JobFilter(string? Status = null, string? Model = null, string? LaunchedById = null);

/// <summary>Reads jobs for lists, pages and the API.</summary>
public sealed class JobQueries(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    private const int MaxListed = 500;
    private const int MaxEvents = 1000;

    public async Task<IReadOnlyList<JobSummary>> ListAsync(JobFilter? filter = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var jobs = db.FineTuneJobs.AsQueryable();
        if (filter?.Status is { Length: > 0 } status)
        {
            jobs = jobs.Where(j => j.Status == status);
        }

        if (filter?.Model is { Length: > 0 } model)
        {
            jobs = jobs.Where(j => j.RegisteredModel!.Name == model);
        }

        if (filter?.LaunchedById is { Length: > 0 } launcher)
        {
            jobs = jobs.Where(j => j.LaunchedById == launcher);
        }

        return await Project(db, jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(MaxListed)).ToListAsync(ct);
    }

    public async Task<JobSummary?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db, db.FineTuneJobs.Where(j => j.Id == id)).SingleOrDefaultAsync(ct);
    }

    public async Task<JobDetails?> GetDetailsAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await Project(db, db.FineTuneJobs.Where(j => j.Id == id)).SingleOrDefaultAsync(ct);
        if (job is null)
        {
            return null;
        }

        var datasetNames = await db.Datasets.Where(d => d.Id == job.TrainingDatasetId || d.Id == job.ValidationDatasetId)
            .ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var timeline = await db.JobStatusChanges.Where(c => c.JobId == id).OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(ct);
        var events = await db.JobEvents.Where(e => e.JobId == id).OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(MaxEvents)
            .Select(e => new JobEventItem(e.ProviderEventId, e.CreatedAt, e.Level, e.Message, e.Type)).ToListAsync(ct);
        var metrics = await db.MetricPoints.Where(p => p.JobId == id).OrderBy(p => p.Name).ThenBy(p => p.Step)
            .Select(p => new MetricItem(p.Name, p.Step, p.Value)).ToListAsync(ct);
        var checkpoints = await db.JobCheckpoints.Where(c => c.JobId == id).OrderByDescending(c => c.Step).ToListAsync(ct);
        return new JobDetails(
            job,
            datasetNames.GetValueOrDefault(job.TrainingDatasetId, $"#{job.TrainingDatasetId}"),
            job.ValidationDatasetId is { } v ? datasetNames.GetValueOrDefault(v, $"#{v}") : null,
            timeline,
            events,
            metrics,
            checkpoints);
    }

    /// <summary>The last value of each metric of a job.</summary>
    public async Task<IReadOnlyDictionary<string, double>> LatestMetricsAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.MetricPoints.Where(p => p.JobId == id).GroupBy(p => p.Name)
            .Select(g => g.OrderByDescending(p => p.Step).First()).ToListAsync(ct);
        return latest.ToDictionary(p => p.Name, p => p.Value);
    }

    private static IQueryable<JobSummary> Project(ModelHubDbContext db, IQueryable<FineTuneJob> jobs) =>
        from j in jobs
        join u in db.Users on j.LaunchedById equals u.Id
        select new JobSummary(
            j.Id, j.ProviderJobId, j.Status, j.RegisteredModel!.Name, j.BaseModel, j.TrainingDatasetId, j.ValidationDatasetId,
            j.NEpochs, j.BatchSize, j.LearningRateMultiplier, j.Suffix, j.Seed, j.Notes, j.FineTunedModel, j.TrainedTokens,
            j.EstimatedCostUsd, j.ActualCostUsd, j.ErrorCode, j.ErrorMessage, j.LaunchedById, u.Email ?? u.UserName ?? j.LaunchedById,
            j.CreatedAt, j.StartedAt, j.FinishedAt, j.CurrentStep, j.TotalSteps,
            j.Version != null ? j.Version.Number : null,
            j.TrainedEpochs, j.TrainedBatchSize, j.TrainedLearningRateMultiplier);
}
