namespace ModelHub.Core.FineTuning;

/// <summary>How the job tracker paces its provider calls; bound from <c>FineTuning</c>.</summary>
public sealed class FineTuningOptions
{
    public const string Section = "FineTuning";

    /// <summary>Poll interval while a job runs (events and metrics arrive every step).</summary>
    public int PollIntervalRunningMs { get; set; } = 500;

    /// <summary>Poll interval while a job is pending, validating files or queued.</summary>
    public int PollIntervalQueuedMs { get; set; } = 2000;

    /// <summary>First delay after a provider error; doubles per consecutive error up to <see cref="MaxBackoffMs"/>.</summary>
    public int ErrorBackoffMs { get; set; } = 1000;

    public int MaxBackoffMs { get; set; } = 30_000;

    /// <summary>Jobs polled at the same time; a slow job holds one slot and never delays the others' turns.</summary>
    public int MaxConcurrentPolls { get; set; } = 8;

    /// <summary>How often the tracker looks in the database for unfinished jobs it does not follow yet.</summary>
    public int RescanIntervalMs { get; set; } = 5000;

    public TimeSpan RunningInterval => TimeSpan.FromMilliseconds(PollIntervalRunningMs);

    public TimeSpan QueuedInterval => TimeSpan.FromMilliseconds(PollIntervalQueuedMs);

    /// <summary>Delay after <paramref name="consecutiveErrors"/> failed polls in a row.</summary>
    public TimeSpan Backoff(int consecutiveErrors) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoffMs, ErrorBackoffMs * Math.Pow(2, Math.Max(0, consecutiveErrors - 1))));
}
