namespace ModelHub.Core.Registry;

/// <summary>One move of a version between stages: the model's stage history.</summary>
public sealed class StageTransition
{
    public long Id { get; set; }

    public int ModelVersionId { get; set; }

    public ModelVersion? ModelVersion { get; set; }

    /// <summary>Null for the version's first entry (registration).</summary>
    public ModelStage? From { get; set; }

    public ModelStage To { get; set; }

    public DateTimeOffset At { get; set; }

    public required string ById { get; set; }

    public string? Reason { get; set; }
}
