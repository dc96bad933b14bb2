using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Cli.Api;

// The shapes of /api this CLI reads. Each keeps the fields it does not name in More, so --json prints the whole answer.

/// <summary>A body with the fields the CLI does not model.</summary>
public abstract record ApiObject
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; init; }
}

public sealed record CurrentUser(string Id, string Email, IReadOnlyList<string> Roles) : ApiObject;

public sealed record ReportIssue(int Line, string Kind, string? Field, string Message);

public sealed record DatasetReport(IReadOnlyList<ReportIssue> Errors, IReadOnlyList<ReportIssue> Warnings, IReadOnlyDictionary<string, int> CountsByKind) : ApiObject;

public sealed record Dataset(int Id, string Name, string Purpose, string Sha256, long SizeBytes, string Status, int ExampleCount, long TotalTokens, int WarningCount, DatasetReport? Report) : ApiObject;

/// <summary>An upload's answer: the stored dataset (new or already there), or the report of a file with errors.</summary>
public sealed record DatasetUpload(Dataset? Dataset, bool AlreadyStored, DatasetReport? Rejected, ApiProblem? Problem);

public sealed record Hyperparameters(object? NEpochs, object? BatchSize, object? LearningRateMultiplier);

public sealed record LaunchJob(string Model, string BaseModel, int TrainingDatasetId, int? ValidationDatasetId, Hyperparameters Hyperparameters, string? Suffix, int? Seed, string? Notes);

public sealed record JobProgress(int Step, int? TotalSteps);

public sealed record JobError(string? Code, string Message);

public sealed record VersionRef(string Model, int Number);

public sealed record Job(int Id, string Status, string Model, string BaseModel, string? FineTunedModel, JobError? Error, JobProgress Progress, IReadOnlyDictionary<string, double>? Metrics, VersionRef? Version) : ApiObject
{
    public bool Ended => Status is JobStatuses.Succeeded or JobStatuses.Failed or JobStatuses.Cancelled;
}

public static class JobStatuses
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

public sealed record ModelRow(string Name, string? Description, int? ProductionVersion, int? StagingVersion, int? LatestVersion, int VersionCount, DateTimeOffset UpdatedAt, string Owner) : ApiObject;

public sealed record ModelPage(IReadOnlyList<ModelRow> Items, int Total) : ApiObject;

public sealed record VersionRow(int Number, string Stage, string ProviderModelId, string BaseModel, int? JobId, DateTimeOffset CreatedAt, string CreatedBy, IReadOnlyList<string> Aliases) : ApiObject;

public sealed record ModelDetails(string Name, string? Description, string Owner, IReadOnlyList<VersionRow> Versions) : ApiObject;

public sealed record AliasResolution(string Model, string Alias, int Version, string ProviderModelId, string Stage, DateTimeOffset Since) : ApiObject;

public sealed record StageChanged(string Model, int Version, string Stage, int? DemotedVersion) : ApiObject;

public sealed record GateRunStarted(int Id, string Status) : ApiObject;

public sealed record GateRuleResult(string Metric, string Operator, double Threshold, double? Actual, bool Passed, string Message);

public sealed record ProductionComparison(string Metric, bool Passed, string Message);

public sealed record RunProgress(int Completed, int Total);

public sealed record GateRun(int Id, string Model, int Version, int DatasetId, string Status, RunProgress Progress, IReadOnlyList<GateRuleResult> Rules,
    IReadOnlyList<ProductionComparison> NotWorseThanProduction, string? Error) : ApiObject
{
    public bool Finished => Status != "running";
}

public sealed record Promotion(int Id, string Model, int Version, string Status, string RequestedBy, string? Comment, string? DecidedBy, string? DecisionComment) : ApiObject;

public sealed record RolledBack(string Model, int Version, int? PreviousVersion) : ApiObject;

public sealed record AuditVerification(bool Ok, long CheckedCount, bool Truncated, JsonElement? FirstBroken) : ApiObject;

/// <summary>An RFC 9457 problem as ModelHub sends it: <c>type</c> is the code to branch on.</summary>
public sealed record ApiProblem(string? Type, string? Title, string? Detail, int? Status, string? Field) : ApiObject;
