namespace ModelHub.Core.Mlflow;

/// <summary>One parameter of a run; MLflow parameters are write-once (same value again is accepted).</summary>
public sealed class MlflowParam
{
    public const int MaxKeyLength = 250;
    public const int MaxValueLength = 6000;

    public required string RunId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
