namespace ModelHub.Core.FineTuning;

/// <summary>A checkpoint the provider kept during a job (unique provider checkpoint id).</summary>
public sealed class JobCheckpoint
{
    public int Id { get; set; }

    public int JobId { get; set; }

    public required string ProviderCheckpointId { get; set; }

    public required string FineTunedModelCheckpoint { get; set; }

    public int Step { get; set; }

    public double? TrainLoss { get; set; }

    public double? ValidLoss { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
