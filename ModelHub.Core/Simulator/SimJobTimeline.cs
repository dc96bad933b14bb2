namespace ModelHub.Core.Simulator;

/// <summary>A job as seen at one instant: status and progress follow from elapsed time, never from timers.</summary>
public sealed record SimJobSnapshot(
    SimJob Job,
    string Status,
    int CompletedSteps,
    DateTimeOffset? FinishedAt,
    DateTimeOffset EstimatedFinish)
{
    public bool IsTerminal => Status is SimJobStatus.Succeeded or SimJobStatus.Failed or SimJobStatus.Cancelled;
}

/// <summary>OpenAI's job status words.</summary>
public static class SimJobStatus
{
    public const string ValidatingFiles = "validating_files";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>Maps a job's elapsed time onto its phases: validating 8%, queued 7%, running the rest.</summary>
public static class SimJobTimeline
{
    private const double ValidatingShare = 0.08;
    private const double QueuedShare = 0.07;

    /// <summary>Where in the running phase an injected failure happens.</summary>
    private const double FailureAtRunningShare = 0.4;

    public static DateTimeOffset ValidatedAt(SimJob job) => job.CreatedAt + job.Duration * ValidatingShare;

    public static DateTimeOffset StartedAt(SimJob job) => job.CreatedAt + job.Duration * (ValidatingShare + QueuedShare);

    public static DateTimeOffset NaturalEnd(SimJob job) => job.CreatedAt + job.Duration;

    public static DateTimeOffset? FailsAt(SimJob job) => job.FailureMessage is null
        ? null
        : StartedAt(job) + (NaturalEnd(job) - StartedAt(job)) * FailureAtRunningShare;

    /// <summary>When step <paramref name="step"/> (1-based) completes.</summary>
    public static DateTimeOffset StepAt(SimJob job, int step)
    {
        var start = StartedAt(job);
        return start + (NaturalEnd(job) - start) * ((double)step / job.TotalSteps);
    }

    public static SimJobSnapshot At(SimJob job, DateTimeOffset now)
    {
        var end = NaturalEnd(job);
        var stop = Earliest(job.CancelledAt, FailsAt(job));
        var effectiveNow = stop is { } s && s < now ? s : now;
        var steps = CompletedSteps(job, effectiveNow);

        if (job.CancelledAt is { } cancelled && cancelled <= now && (FailsAt(job) is not { } f || cancelled < f))
        {
            return new(job, SimJobStatus.Cancelled, steps, cancelled, end);
        }

        if (FailsAt(job) is { } failed && failed <= now)
        {
            return new(job, SimJobStatus.Failed, steps, failed, end);
        }

        var status = now >= end ? SimJobStatus.Succeeded
            : now >= StartedAt(job) ? SimJobStatus.Running
            : now >= ValidatedAt(job) ? SimJobStatus.Queued
            : SimJobStatus.ValidatingFiles;
        return new(job, status, steps, status == SimJobStatus.Succeeded ? end : null, end);
    }

    private static int CompletedSteps(SimJob job, DateTimeOffset now)
    {
        var start = StartedAt(job);
        if (now <= start)
        {
            return 0;
        }

        var share = (now - start) / (NaturalEnd(job) - start);
        return (int)Math.Clamp(Math.Floor(share * job.TotalSteps + 1e-9), 0, job.TotalSteps);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
