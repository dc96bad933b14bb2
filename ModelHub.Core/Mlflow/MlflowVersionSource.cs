namespace ModelHub.Core.Mlflow;

/// <summary>The lineage of a version registered through MLflow: the run it came from and the source URI the client sent.</summary>
public sealed class MlflowVersionSource
{
    public int ModelVersionId { get; set; }

    /// <summary>A logged run's id, or a ModelHub job's run id (<c>mhjob-{id}</c>).</summary>
    public string? RunId { get; set; }

    public required string Source { get; set; }
}
