namespace ModelHub.Core.FineTuning;

/// <summary>One step of a job's status timeline, as ModelHub observed it.</summary>
public sealed class JobStatusChange
{
    public long Id { get; set; }

    public int JobId { get; set; }

    public FineTuneJob? Job { get; set; }

    public string? From { get; set; }

    public required string To { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Why, when the status alone does not say it (e.g. "cancelled by the provider"); null otherwise.</summary>
    public string? Note { get; set; }

    /// <summary>What <see cref="Note"/> says when the provider cancelled a job nobody asked ModelHub to cancel.</summary>
    public const string CancelledByProvider = "cancelled by the provider";
}
