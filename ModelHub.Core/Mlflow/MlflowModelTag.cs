namespace ModelHub.Core.Mlflow;

/// <summary>An MLflow tag on a registered model (ModelHub's own comma-separated labels stay separate).</summary>
public sealed class MlflowModelTag
{
    public int RegisteredModelId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
