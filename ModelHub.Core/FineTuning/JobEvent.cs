namespace ModelHub.Core.FineTuning;

/// <summary>One provider event of a job, stored once (unique per job and provider event id).</summary>
public sealed class JobEvent
{
    public long Id { get; set; }

    public int JobId { get; set; }

    public required string ProviderEventId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string Level { get; set; }

    public required string Message { get; set; }

    /// <summary><c>message</c> or <c>metrics</c>.</summary>
    public required string Type { get; set; }
}
