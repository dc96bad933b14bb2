using ModelHub.Core.Registry;

namespace ModelHub.Core.FineTuning;

/// <summary>A fine-tune job launched from ModelHub; <see cref="Status"/> uses the provider's words, plus <c>pending</c> before it accepted the job.</summary>
public sealed class FineTuneJob
{
    public int Id { get; set; }

    /// <summary>The id ModelHub sends the provider (metadata and idempotency key).</summary>
    public string ModelHubJobId => ProviderIdFor(Id);

    public string? ProviderJobId { get; set; }

    public string Status { get; set; } = JobStatus.Pending;

    public int RegisteredModelId { get; set; }

    public RegisteredModel? RegisteredModel { get; set; }

    public required string BaseModel { get; set; }

    public int TrainingDatasetId { get; set; }

    public int? ValidationDatasetId { get; set; }

    /// <summary>Null means "auto" until the provider reports what it chose.</summary>
    public int? NEpochs { get; set; }

    public int? BatchSize { get; set; }

    public double? LearningRateMultiplier { get; set; }

    /// <summary>What the provider actually used (it resolves "auto"); null until it reports them.</summary>
    public int? TrainedEpochs { get; set; }

    public int? TrainedBatchSize { get; set; }

    public double? TrainedLearningRateMultiplier { get; set; }

    public string? Suffix { get; set; }

    public int? Seed { get; set; }

    public string? Notes { get; set; }

    public string? FineTunedModel { get; set; }

    public long? TrainedTokens { get; set; }

    public decimal? EstimatedCostUsd { get; set; }

    public decimal? ActualCostUsd { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public required string LaunchedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int CurrentStep { get; set; }

    public int? TotalSteps { get; set; }

    /// <summary>When the tracker polls the provider next (kept so a restart resumes at the same pace).</summary>
    public DateTimeOffset? NextPollAt { get; set; }

    /// <summary>The newest provider event already stored: the tracker pages back to it and no further.</summary>
    public string? LatestEventId { get; set; }

    /// <summary>When someone asked ModelHub to cancel the job; a cancellation without it came from the provider's side.</summary>
    public DateTimeOffset? CancelRequestedAt { get; set; }

    /// <summary>The status timeline; add to it only through <see cref="RecordPending"/> and <see cref="ChangeStatus"/>.</summary>
    public List<JobStatusChange> StatusChanges { get; } = [];

    public ModelVersion? Version { get; set; }

    public bool IsTerminal => JobStatus.IsTerminal(Status);

    public static string ProviderIdFor(int id) => $"mhjob-{id}";

    /// <summary>Starts the timeline of a new job with its first status, <c>pending</c>.</summary>
    public void RecordPending(DateTimeOffset at) => StatusChanges.Add(new JobStatusChange { Job = this, To = Status, At = at });

    /// <summary>Moves the job to <paramref name="to"/> and adds the step to its timeline; false (and nothing recorded) when it already has that status.</summary>
    /// <param name="to">The new status.</param>
    /// <param name="at">When ModelHub observed the change.</param>
    /// <param name="note">Why, when the status alone does not say (e.g. who cancelled); shown beside the step.</param>
    public bool ChangeStatus(string to, DateTimeOffset at, string? note = null)
    {
        if (to == Status)
        {
            return false;
        }

        StatusChanges.Add(new JobStatusChange { Job = this, JobId = Id, From = Status, To = to, At = at, Note = note });
        Status = to;
        return true;
    }
}

/// <summary>Job status words (the provider's, plus ModelHub's own <c>pending</c>).</summary>
public static class JobStatus
{
    public const string Pending = "pending";
    public const string ValidatingFiles = "validating_files";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, ValidatingFiles, Queued, Running, Succeeded, Failed, Cancelled];

    public static readonly IReadOnlyList<string> Terminal = [Succeeded, Failed, Cancelled];

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Cancelled;
}
