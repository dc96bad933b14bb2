namespace ModelHub.Core.Dashboard;

/// <summary>What needs someone's action now, each list newest first.</summary>
public sealed record ActionItems(
    IReadOnlyList<PendingApproval> PendingApprovals,
    IReadOnlyList<FailedJob> FailedJobs,
    IReadOnlyList<FailedGateRun> FailedGateRuns,
    IReadOnlyList<UngatedStagingVersion> UngatedStagingVersions,
    IReadOnlyList<RecentRollback> Rollbacks)
{
    /// <summary>True when no list holds anything.</summary>
    public bool IsEmpty => PendingApprovals.Count + FailedJobs.Count + FailedGateRuns.Count + UngatedStagingVersions.Count + Rollbacks.Count == 0;
}

/// <summary>A promotion request that waits for a reviewer.</summary>
public sealed record PendingApproval(int RequestId, string Model, int Version, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>A fine-tune job that failed recently.</summary>
public sealed record FailedJob(int JobId, string Model, DateTimeOffset FailedAt, string? Error);

/// <summary>A gate run that failed its rules or could not finish recently.</summary>
public sealed record FailedGateRun(int RunId, string Model, int Version, string Status, DateTimeOffset FinishedAt, string? Error);

/// <summary>A Staging version that has no gate run yet (none running or finished with a verdict), so it cannot be proposed.</summary>
public sealed record UngatedStagingVersion(string Model, int Version, DateTimeOffset StagedAt);

/// <summary>A version put back into production by a rollback.</summary>
public sealed record RecentRollback(string Model, int Version, DateTimeOffset At, string By, string? Reason);

/// <summary>The first steps on a new instance, each ticked off once the data shows it was done.</summary>
public sealed record GettingStarted(bool HasDataset, bool HasJob, bool HasGateRun, bool HasPromotionRequest)
{
    /// <summary>Every step is done: the checklist is no longer shown.</summary>
    public bool IsComplete => HasDataset && HasJob && HasGateRun && HasPromotionRequest;
}
