namespace ModelHub.Core.FineTuning;

/// <summary>One value of a training metric at a step (unique per job, metric and step).</summary>
public sealed class MetricPoint
{
    public const string TrainLoss = "train_loss";
    public const string TrainAccuracy = "train_mean_token_accuracy";
    public const string ValidLoss = "valid_loss";
    public const string ValidAccuracy = "valid_mean_token_accuracy";

    public long Id { get; set; }

    public int JobId { get; set; }

    public required string Name { get; set; }

    public int Step { get; set; }

    public double Value { get; set; }
}
