using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Providers;
using ModelHub.Core.Scaleout;

namespace ModelHub.Core.FineTuning;

/// <summary>
/// Follows every unfinished job: one scheduling loop keeps a due time per job and starts due polls concurrently
/// (bounded), so a slow provider answer for one job never delays another; <see cref="JobSync"/> does each poll.
/// Failed polls back off per job. After a restart it resumes every unfinished job from the database.
/// With several instances only the holder of the <see cref="BackgroundWorkLease"/> tracks jobs; another one takes over
/// from the database when the holder dies.
/// </summary>
public sealed class JobTracker(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    JobSync sync,
    JobTrackerLag lag,
    BackgroundWorkLease lease,
    IOptions<FineTuningOptions> options,
    TimeProvider time,
    ILogger<JobTracker> logger) : BackgroundService
{
    private static readonly TimeSpan LongestIdle = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<int, Followed> followed = new();
    private readonly SemaphoreSlim slots = new(Math.Max(1, options.Value.MaxConcurrentPolls));
    private readonly SemaphoreSlim wake = new(0);

    private FineTuningOptions Settings => options.Value;

    /// <summary>Ids of the jobs being followed now.</summary>
    public IReadOnlyCollection<int> FollowedJobIds => followed.Keys.ToList();

    /// <summary>Starts following a job right away (a launch calls this; the periodic rescan would find it too).</summary>
    public void Follow(int jobId)
    {
        if (!lease.IsHeld)
        {
            // The lease holder's next rescan finds the job.
            return;
        }

        followed.GetOrAdd(jobId, _ => new Followed()).DueAt = DateTimeOffset.MinValue;
        lag.Follow(jobId);
        wake.Release();
    }

    /// <summary>Polls one job now, outside its schedule (after a cancel, so the page shows it at once).</summary>
    public async Task PollNowAsync(int jobId, CancellationToken ct)
    {
        if (!lease.IsHeld)
        {
            // One sync, outside the schedule the lease holder keeps (its writes are idempotent).
            await sync.SyncAsync(jobId, ct);
            return;
        }

        var job = followed.GetOrAdd(jobId, _ => new Followed());
        lag.Follow(jobId);
        var outcome = await PollAsync(jobId, job, ct);
        if (outcome is null || JobStatus.IsTerminal(outcome))
        {
            Unfollow(jobId);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => lease.RunWhileHeldAsync(TrackWhileHeldAsync, stoppingToken);

    private async Task TrackWhileHeldAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TrackAsync(stoppingToken);
        }
        finally
        {
            // The lease is lost (or the host stops): the next holder tracks these jobs; this instance reports no lag for them.
            foreach (var jobId in followed.Keys)
            {
                Unfollow(jobId);
            }
        }
    }

    private async Task TrackAsync(CancellationToken stoppingToken)
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
                    lag.Follow(job.Id);
                    logger.LogInformation("Following job {JobId}.", job.Id);
                }
            }

            // A crash between "succeeded" and its registration must not lose the version.
            var unregistered = await db.FineTuneJobs.Where(j => j.Status == JobStatus.Succeeded && j.Version == null).Select(j => j.Id).ToListAsync(ct);
            foreach (var jobId in unregistered)
            {
                await sync.RegisterAsync(jobId, ct);
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
                Unfollow(jobId);
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
            var status = await sync.SyncAsync(jobId, ct);
            lag.Synced(jobId);
            return status;
        }
        finally
        {
            followedJob.Gate.Release();
        }
    }

    private void Unfollow(int jobId)
    {
        followed.TryRemove(jobId, out _);
        lag.Forget(jobId);
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
