using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Providers;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.FineTuning;

/// <summary>
/// Follows every unfinished job: one scheduling loop keeps a due time per job and starts due polls concurrently
/// (bounded), so a slow provider answer for one job never delays another. Each poll stores new events, metric
/// points and checkpoints once, records status changes, registers succeeded jobs and publishes what changed.
/// After a restart it resumes every unfinished job from the database.
/// </summary>
public sealed class JobTracker(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    IFineTuningProvider provider,
    RegisterModelVersion register,
    IUpdateBus bus,
    IOptions<FineTuningOptions> options,
    IOptions<PricingOptions> pricing,
    TimeProvider time,
    ILogger<JobTracker> logger) : BackgroundService
{
    private static readonly TimeSpan LongestIdle = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LaunchGrace = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<int, Followed> followed = new();
    private readonly SemaphoreSlim slots = new(Math.Max(1, options.Value.MaxConcurrentPolls));
    private readonly SemaphoreSlim wake = new(0);

    private FineTuningOptions Settings => options.Value;

    /// <summary>Ids of the jobs being followed now.</summary>
    public IReadOnlyCollection<int> FollowedJobIds => followed.Keys.ToList();

    /// <summary>Starts following a job right away (a launch calls this; the periodic rescan would find it too).</summary>
    public void Follow(int jobId)
    {
        followed.GetOrAdd(jobId, _ => new Followed()).DueAt = DateTimeOffset.MinValue;
        wake.Release();
    }

    /// <summary>Polls one job now, outside its schedule (after a cancel, so the page shows it at once).</summary>
    public async Task PollNowAsync(int jobId, CancellationToken ct)
    {
        var job = followed.GetOrAdd(jobId, _ => new Followed());
        var outcome = await PollAsync(jobId, job, ct);
        if (outcome is null || JobStatus.IsTerminal(outcome))
        {
            followed.TryRemove(jobId, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var nextRescan = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (now >= nextRescan)
            {
                await RescanAsync(stoppingToken);
                nextRescan = now + TimeSpan.FromMilliseconds(Settings.RescanIntervalMs);
            }

            foreach (var (jobId, job) in followed)
            {
                if (!job.InFlight && job.DueAt <= now)
                {
                    job.InFlight = true;
                    _ = Task.Run(() => PollOnScheduleAsync(jobId, job, stoppingToken), CancellationToken.None);
                }
            }

            var nextDue = followed.Values.Where(j => !j.InFlight).Select(j => j.DueAt).DefaultIfEmpty(nextRescan).Min();
            var idle = nextDue - time.GetUtcNow();
            // Short waits keep the loop responsive to Follow() and to a changed clock; the wake signal cuts them shorter.
            idle = idle < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : idle > LongestIdle ? LongestIdle : idle;
            try
            {
                await wake.WaitAsync(idle, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RescanAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var open = await db.FineTuneJobs.Where(j => !JobStatus.Terminal.Contains(j.Status))
                .Select(j => new { j.Id, j.NextPollAt }).ToListAsync(ct);
            foreach (var job in open)
            {
                if (followed.TryAdd(job.Id, new Followed { DueAt = job.NextPollAt ?? DateTimeOffset.MinValue }))
                {
                    logger.LogInformation("Following job {JobId}.", job.Id);
                }
            }

            // A crash between "succeeded" and its registration must not lose the version.
            var unregistered = await db.FineTuneJobs.Where(j => j.Status == JobStatus.Succeeded && j.Version == null).Select(j => j.Id).ToListAsync(ct);
            foreach (var jobId in unregistered)
            {
                await RegisterAsync(jobId, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Looking for unfinished jobs failed; trying again later.");
        }
    }

    private async Task PollOnScheduleAsync(int jobId, Followed job, CancellationToken ct)
    {
        try
        {
            await slots.WaitAsync(ct);
            string? status;
            try
            {
                status = await PollAsync(jobId, job, ct);
            }
            finally
            {
                slots.Release();
            }

            job.Errors = 0;
            if (status is null || JobStatus.IsTerminal(status))
            {
                followed.TryRemove(jobId, out _);
                return;
            }

            job.DueAt = time.GetUtcNow() + (status == JobStatus.Running ? Settings.RunningInterval : Settings.QueuedInterval);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            job.Errors++;
            var delay = Settings.Backoff(job.Errors);
            job.DueAt = time.GetUtcNow() + delay;
            if (ex is ProviderException provider)
            {
                logger.LogWarning("Polling job {JobId} failed ({Attempt} in a row), next try in {Delay}: {Message}", jobId, job.Errors, delay, provider.Message);
            }
            else
            {
                logger.LogWarning(ex, "Polling job {JobId} failed ({Attempt} in a row), next try in {Delay}.", jobId, job.Errors, delay);
            }
        }
        finally
        {
            job.InFlight = false;
            wake.Release();
        }
    }

    /// <summary>One poll; returns the job's status afterwards, or null when the job no longer exists.</summary>
    private async Task<string?> PollAsync(int jobId, Followed followedJob, CancellationToken ct)
    {
        await followedJob.Gate.WaitAsync(ct);
        try
        {
            return await PollCoreAsync(jobId, ct);
        }
        finally
        {
            followedJob.Gate.Release();
        }
    }

    private async Task<string?> PollCoreAsync(int jobId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.FineTuneJobs.Include(j => j.RegisteredModel).SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null || job.IsTerminal)
        {
            return job?.Status;
        }

        var now = time.GetUtcNow();
        if (job.ProviderJobId is null)
        {
            // The launch is still talking to the provider, or the app stopped in between: look the job up by our id.
            if (now - job.CreatedAt < LaunchGrace)
            {
                return job.Status;
            }

            var found = await provider.FindJobByModelHubIdAsync(job.ModelHubJobId, ct);
            if (found is null)
            {
                AddStatus(db, job, JobStatus.Failed, now);
                job.ErrorCode = "launch-incomplete";
                job.ErrorMessage = "The launch stopped before the provider accepted the job.";
                job.FinishedAt = now;
                await db.SaveChangesAsync(ct);
                PublishChanged(job, [], [], null);
                return job.Status;
            }

            job.ProviderJobId = found.Id;
        }

        var remote = await provider.GetJobAsync(job.ProviderJobId, ct);
        var fresh = await NewEventsAsync(job, ct);
        var known = fresh.Count == 0
            ? []
            : (await db.JobEvents.Where(e => e.JobId == jobId).Where(e => fresh.Select(f => f.Id).Contains(e.ProviderEventId))
                .Select(e => e.ProviderEventId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var events = fresh.Where(e => !known.Contains(e.Id)).ToList();
        db.JobEvents.AddRange(events.Select(e => new JobEvent
        {
            JobId = jobId, ProviderEventId = e.Id, CreatedAt = e.CreatedAt, Level = e.Level, Message = e.Message, Type = e.Type,
        }));
        if (fresh.Count > 0)
        {
            job.LatestEventId = fresh[0].Id;
        }

        var points = await NewMetricPointsAsync(db, job, events, ct);
        var statusChanged = remote.Status != job.Status;
        if (events.Count > 0 || statusChanged)
        {
            await AddCheckpointsAsync(db, job, ct);
        }

        if (statusChanged)
        {
            AddStatus(db, job, remote.Status, now);
        }

        Apply(job, remote, now);
        job.NextPollAt = now + (job.Status == JobStatus.Running ? Settings.RunningInterval : Settings.QueuedInterval);
        await db.SaveChangesAsync(ct);

        ModelVersionRegistered? registered = null;
        if (job.Status == JobStatus.Succeeded)
        {
            registered = await RegisterAsync(jobId, ct);
        }

        if (events.Count > 0 || points.Count > 0 || statusChanged || registered is not null)
        {
            PublishChanged(job, events, points, registered);
        }

        return job.Status;
    }

    /// <summary>Events newer than the newest stored one, newest first, paging back with <c>after</c> until it is reached.</summary>
    private async Task<List<ProviderJobEvent>> NewEventsAsync(FineTuneJob job, CancellationToken ct)
    {
        var fresh = new List<ProviderJobEvent>();
        string? after = null;
        while (true)
        {
            var page = await provider.ListEventsAsync(job.ProviderJobId!, after, 100, ct);
            foreach (var item in page.Items)
            {
                if (item.Id == job.LatestEventId)
                {
                    return fresh;
                }

                fresh.Add(item);
            }

            if (!page.HasMore || page.LastId is null)
            {
                return fresh;
            }

            after = page.LastId;
        }
    }

    private static async Task<List<MetricItem>> NewMetricPointsAsync(ModelHubDbContext db, FineTuneJob job, List<ProviderJobEvent> events, CancellationToken ct)
    {
        var candidates = new List<MetricItem>();
        foreach (var metrics in events.Where(e => e.Metrics is not null).Select(e => e.Metrics!).OrderBy(m => m.Step))
        {
            Add(MetricPoint.TrainLoss, metrics.TrainLoss);
            Add(MetricPoint.TrainAccuracy, metrics.TrainMeanTokenAccuracy);
            Add(MetricPoint.ValidLoss, metrics.ValidLoss);
            Add(MetricPoint.ValidAccuracy, metrics.ValidMeanTokenAccuracy);
            job.CurrentStep = Math.Max(job.CurrentStep, metrics.Step);
            job.TotalSteps = metrics.TotalSteps ?? job.TotalSteps;

            void Add(string name, double? value)
            {
                if (value is { } v && double.IsFinite(v))
                {
                    candidates.Add(new MetricItem(name, metrics.Step, v));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return candidates;
        }

        var steps = candidates.Select(c => c.Step).Distinct().ToList();
        var stored = (await db.MetricPoints.Where(p => p.JobId == job.Id && steps.Contains(p.Step))
            .Select(p => new { p.Name, p.Step }).ToListAsync(ct)).Select(p => (p.Name, p.Step)).ToHashSet();
        var added = candidates.Where(c => stored.Add((c.Name, c.Step))).ToList();
        db.MetricPoints.AddRange(added.Select(p => new MetricPoint { JobId = job.Id, Name = p.Name, Step = p.Step, Value = p.Value }));
        return added;
    }

    private async Task AddCheckpointsAsync(ModelHubDbContext db, FineTuneJob job, CancellationToken ct)
    {
        var checkpoints = await provider.ListCheckpointsAsync(job.ProviderJobId!, ct);
        if (checkpoints.Count == 0)
        {
            return;
        }

        var ids = checkpoints.Select(c => c.Id).ToList();
        var stored = (await db.JobCheckpoints.Where(c => ids.Contains(c.ProviderCheckpointId)).Select(c => c.ProviderCheckpointId).ToListAsync(ct)).ToHashSet();
        db.JobCheckpoints.AddRange(checkpoints.Where(c => !stored.Contains(c.Id)).Select(c => new JobCheckpoint
        {
            JobId = job.Id,
            ProviderCheckpointId = c.Id,
            FineTunedModelCheckpoint = c.FineTunedModelCheckpoint,
            Step = c.StepNumber,
            TrainLoss = c.Metrics?.TrainLoss,
            ValidLoss = c.Metrics?.ValidLoss,
            CreatedAt = c.CreatedAt,
        }));
    }

    private void Apply(FineTuneJob job, ProviderJob remote, DateTimeOffset now)
    {
        job.Status = remote.Status;
        if (job.Status == JobStatus.Running)
        {
            job.StartedAt ??= now;
        }

        job.TrainedTokens = remote.TrainedTokens ?? job.TrainedTokens;
        job.TrainedEpochs = remote.Hyperparameters.NEpochs ?? job.TrainedEpochs;
        job.TrainedBatchSize = remote.Hyperparameters.BatchSize ?? job.TrainedBatchSize;
        job.TrainedLearningRateMultiplier = remote.Hyperparameters.LearningRateMultiplier ?? job.TrainedLearningRateMultiplier;
        if (job.TrainedTokens is { } tokens && pricing.Value.Find(job.BaseModel)?.Training is { } price)
        {
            job.ActualCostUsd = Math.Round(tokens * price / 1_000_000m, 2, MidpointRounding.AwayFromZero);
        }

        if (remote.IsTerminal)
        {
            job.FinishedAt ??= remote.FinishedAt ?? now;
            job.FineTunedModel = remote.FineTunedModel ?? job.FineTunedModel;
            if (remote.Status == JobStatus.Succeeded && job.TotalSteps is { } total)
            {
                job.CurrentStep = total;
            }

            if (remote.Error is { } error)
            {
                job.ErrorCode = error.Code;
                job.ErrorMessage = error.Message;
            }
        }
    }

    private static void AddStatus(ModelHubDbContext db, FineTuneJob job, string to, DateTimeOffset at)
    {
        db.JobStatusChanges.Add(new JobStatusChange { JobId = job.Id, From = job.Status, To = to, At = at });
        job.Status = to;
    }

    private async Task<ModelVersionRegistered?> RegisterAsync(int jobId, CancellationToken ct)
    {
        var result = await register.RegisterAsync(jobId, ct);
        if (!result.Succeeded)
        {
            logger.LogWarning("Job {JobId} succeeded but was not registered: {Message}", jobId, result.Error!.Message);
            return null;
        }

        if (!result.Value.Created)
        {
            return null;
        }

        logger.LogInformation("Job {JobId} registered as {Model} v{Number}.", jobId, result.Value.ModelName, result.Value.Number);
        var registered = new ModelVersionRegistered(Topics.Model(result.Value.ModelName), result.Value.ModelName, result.Value.Number, jobId);
        bus.Publish(registered);
        return registered;
    }

    private void PublishChanged(FineTuneJob job, List<ProviderJobEvent> events, List<MetricItem> points, ModelVersionRegistered? registered)
    {
        var topic = Topics.Job(job.Id);
        if (events.Count > 0)
        {
            bus.Publish(new JobEventsAdded(topic, job.Id, [.. events.Select(e => new JobEventItem(e.Id, e.CreatedAt, e.Level, e.Message, e.Type))]));
        }

        if (points.Count > 0)
        {
            bus.Publish(new JobMetricsAdded(topic, job.Id, points));
        }

        if (registered is not null)
        {
            bus.Publish(registered with { Topic = topic });
        }

        var changed = new JobChanged(topic, job.Id, job.Status, job.CurrentStep, job.TotalSteps);
        bus.Publish(changed);
        bus.Publish(changed with { Topic = Topics.Jobs });
        if (job.IsTerminal)
        {
            bus.Publish(new JobEnded(Topics.User(job.LaunchedById), job.Id, job.Status, job.RegisteredModel?.Name ?? "", job.ErrorMessage));
        }
    }

    /// <summary>The schedule of one job: read by the loop, written by that job's poll task.</summary>
    private sealed class Followed
    {
        private long dueUtcTicks;
        private volatile bool inFlight;

        public DateTimeOffset DueAt
        {
            get => new(Volatile.Read(ref dueUtcTicks), TimeSpan.Zero);
            set => Volatile.Write(ref dueUtcTicks, value.UtcTicks);
        }

        /// <summary>Consecutive failed polls; only the job's own poll task touches it.</summary>
        public int Errors { get; set; }

        public bool InFlight
        {
            get => inFlight;
            set => inFlight = value;
        }

        /// <summary>One poll of a job at a time, scheduled or not.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
