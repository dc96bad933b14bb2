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
}
