namespace ModelHub.Core.Mlflow;

/// <summary>An MLflow run logged through the tracking API; its id is a 32-character hex string as MLflow's.</summary>
public sealed class MlflowRun
{
    public required string Id { get; set; }

    public int ExperimentId { get; set; }

    public string? Name { get; set; }

    /// <summary>The ModelHub user whose token created the run.</summary>
    public required string CreatedById { get; set; }

    /// <summary>MLflow's <c>user_id</c> as the client sent it (display only; the actor is <see cref="CreatedById"/>).</summary>
    public string? UserName { get; set; }

    /// <summary>RUNNING, SCHEDULED, FINISHED, FAILED or KILLED.</summary>
    public string Status { get; set; } = MlflowRunStatus.Running;

    /// <summary>Milliseconds since the Unix epoch, as MLflow stores them.</summary>
    public long StartTime { get; set; }

    public long? EndTime { get; set; }

    public string LifecycleStage { get; set; } = MlflowLifecycle.Active;
}

/// <summary>MLflow's run status names.</summary>
public static class MlflowRunStatus
{
    public const string Running = "RUNNING";
    public const string Finished = "FINISHED";

    public static readonly IReadOnlyList<string> All = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];
}
