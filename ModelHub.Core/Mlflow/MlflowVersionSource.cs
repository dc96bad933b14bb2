namespace ModelHub.Core.Mlflow;

/// <summary>The lineage of a version registered through MLflow: the run it came from and the source URI the client sent.</summary>
public sealed class MlflowVersionSource
{
    public int ModelVersionId { get; set; }

    public string? RunId { get; set; }

    public required string Source { get; set; }
}
