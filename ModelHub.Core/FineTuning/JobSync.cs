using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets.Cost;
using ModelHub.Core.Providers;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;
using ModelHub.Core.Webhooks;

namespace ModelHub.Core.FineTuning;

/// <summary>
/// Brings one job in line with the provider: stores new events, metric points and checkpoints once, records status
/// changes, registers a succeeded job and publishes what changed. <see cref="JobTracker"/> decides when.
/// </summary>
public sealed class JobSync(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    IFineTuningProvider provider,
    RegisterModelVersion register,
    TrainingCostEstimator prices,
    AuditLog audit,
    IUpdateBus bus,
    WebhookOutbox outbox,
    IOptions<FineTuningOptions> options,
    TimeProvider time,
    ILogger<JobSync> logger)
{
    // How long a job may stay without a provider id before ModelHub looks it up: the launch may still be talking to the provider.
    private static readonly TimeSpan LaunchGrace = TimeSpan.FromMinutes(1);

    private FineTuningOptions Settings => options.Value;

    /// <summary>Syncs the job once; returns its status afterwards, or null when the job no longer exists.</summary>
    /// <exception cref="ProviderException">The provider could not be asked; the caller retries later.</exception>
    public async Task<string?> SyncAsync(int jobId, CancellationToken ct)
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
                job.ChangeStatus(JobStatus.Failed, now);
                job.ErrorCode = "launch-incomplete";
                job.ErrorMessage = "The launch stopped before the provider accepted the job.";
                job.FinishedAt = now;
                JobEndedEvent.Add(db, job, now);
                await db.SaveChangesAsync(ct);
                outbox.Signal();
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

        // Only a cancel someone asked ModelHub for leaves a trace here; any other came from the provider's side.
        var cancelledByProvider = statusChanged && remote.Status == JobStatus.Cancelled && job.CancelRequestedAt is null;
        if (statusChanged)
        {
            job.ChangeStatus(remote.Status, now, cancelledByProvider ? JobStatusChange.CancelledByProvider : null);
        }

        Apply(job, remote, now);
        job.NextPollAt = now + (job.Status == JobStatus.Running ? Settings.RunningInterval : Settings.QueuedInterval);
        // Saved with the status change below, so the event exists exactly when the terminal status does.
        var ended = statusChanged && JobEndedEvent.Add(db, job, now);
        if (cancelledByProvider)
        {
            await SaveCancelledByProviderAsync(db, job, ct);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }

        if (ended)
        {
            outbox.Signal();
        }

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
        if (job.Status == JobStatus.Running)
        {
            job.StartedAt ??= now;
        }

        job.TrainedTokens = remote.TrainedTokens ?? job.TrainedTokens;
        job.TrainedEpochs = remote.Hyperparameters.NEpochs ?? job.TrainedEpochs;
        job.TrainedBatchSize = remote.Hyperparameters.BatchSize ?? job.TrainedBatchSize;
        job.TrainedLearningRateMultiplier = remote.Hyperparameters.LearningRateMultiplier ?? job.TrainedLearningRateMultiplier;
        if (job.TrainedTokens is { } tokens)
        {
            job.ActualCostUsd = prices.PriceTokens(job.BaseModel, tokens) ?? job.ActualCostUsd;
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

    /// <summary>Saves a cancellation nobody asked ModelHub for with an audit entry, so the log tells who cancelled.</summary>
    private async Task SaveCancelledByProviderAsync(ModelHubDbContext db, FineTuneJob job, CancellationToken ct)
    {
        if (job.ErrorMessage is null)
        {
            job.ErrorCode = "cancelled-by-provider";
            job.ErrorMessage = "The provider cancelled the job; nobody asked ModelHub to cancel it.";
        }

        await audit.WriteAsync(db, async trail =>
        {
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(Actor.System, AuditActions.JobCancelledByProvider, AuditObjects.Job, job.Id.ToString(CultureInfo.InvariantCulture), job.RegisteredModel?.Name)
            {
                Before = AuditRecord.ToJson(new { status = job.StatusChanges[^1].From }),
                After = AuditRecord.ToJson(new { status = job.Status, providerJobId = job.ProviderJobId }),
                Reason = job.ErrorMessage,
            });
            return true;
        }, ct);
        logger.LogWarning("Job {JobId} was cancelled by the provider; nobody asked ModelHub to cancel it.", job.Id);
    }

    /// <summary>Registers a succeeded job's model version (once) and announces a new one; null when nothing new was registered.</summary>
    public async Task<ModelVersionRegistered?> RegisterAsync(int jobId, CancellationToken ct)
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
}
