namespace ModelHub.Core.Mlflow;

/// <summary>One tag of a run (set again replaces the value).</summary>
public sealed class MlflowRunTag
{
    public const int MaxValueLength = 8000;

    public required string RunId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
