using System.Globalization;
using ModelHub.Core.Common;
using ModelHub.Core.FineTuning;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// How a ModelHub fine-tune job answers as an MLflow run: its run id is the job's ModelHub id (<c>mhjob-{id}</c>, the
/// id the provider also sees), which MLflow's own 32-hex run ids never collide with, and its record is read-only
/// through MLflow because the job tracker owns it.
/// </summary>
public static class JobRuns
{
    private const string Prefix = "mhjob-";

    /// <summary>Tag names the job's run carries besides MLflow's own.</summary>
    public const string JobIdTag = "modelhub.job_id";
    public const string TrainingSha256Tag = "modelhub.training_dataset_sha256";
    public const string ValidationSha256Tag = "modelhub.validation_dataset_sha256";
    public const string JobStatusTag = "modelhub.job_status";

    public static string RunId(int jobId) => FineTuneJob.ProviderIdFor(jobId);

    /// <summary>The job id of a job-backed run id; null for any other run id.</summary>
    public static int? JobId(string? runId) =>
        runId is { Length: > 6 } && runId.StartsWith(Prefix, StringComparison.Ordinal)
        && int.TryParse(runId.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;

    /// <summary>MLflow's run status for a job status.</summary>
    public static string Status(string jobStatus) => jobStatus switch
    {
        JobStatus.Running => MlflowRunStatus.Running,
        JobStatus.Succeeded => MlflowRunStatus.Finished,
        JobStatus.Failed => "FAILED",
        JobStatus.Cancelled => "KILLED",
        _ => "SCHEDULED",
    };

    /// <summary>The refusal every MLflow write to a job's run gets: the job tracker owns the record.</summary>
    public static Error ReadOnly(string? runId) => MlflowErrors.Refused(
        $"Run {runId} is ModelHub fine-tune job {JobId(runId)}: its params, metrics and tags are the job's own record, kept by ModelHub. " +
        "Log to a run of your own (runs/create) instead.");
}
