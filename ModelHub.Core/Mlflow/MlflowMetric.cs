namespace ModelHub.Core.Mlflow;

/// <summary>One logged value of a run's metric at a step and time (a history, not unique per step).</summary>
public sealed class MlflowMetric
{
    public long Id { get; set; }

    public required string RunId { get; set; }

    public required string Key { get; set; }

    /// <summary>0 when <see cref="IsNan"/>; infinities are stored as the largest finite doubles, as MLflow's store does.</summary>
    public double Value { get; set; }

    /// <summary>The client logged NaN, which databases do not store portably (MLflow's own store keeps the same flag).</summary>
    public bool IsNan { get; set; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long Timestamp { get; set; }

    public long Step { get; set; }
}
