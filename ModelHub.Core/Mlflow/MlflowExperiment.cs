namespace ModelHub.Core.Mlflow;

/// <summary>An MLflow experiment: a named group of runs (MLflow's <c>experiment_id</c> is <see cref="Id"/> as a string).</summary>
public sealed class MlflowExperiment
{
    public const int MaxNameLength = 500;

    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary><c>active</c> or <c>deleted</c>, MLflow's words.</summary>
    public string LifecycleStage { get; set; } = MlflowLifecycle.Active;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>MLflow's lifecycle words for experiments and runs.</summary>
public static class MlflowLifecycle
{
    public const string Active = "active";
    public const string Deleted = "deleted";
}
