namespace ModelHub.Core.Registry;

/// <summary>How the models list is sorted.</summary>
public enum ModelSort
{
    Updated,
    Name,
    Versions,
}

/// <summary>One page of the models list: search by name (contains), sort, skip/take — all in SQL.</summary>
public sealed record ModelListQuery(string? Search = null, ModelSort Sort = ModelSort.Updated, bool Descending = true, int Skip = 0, int Take = 25);

/// <summary>A page of items and the count of all matches.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>A registered model as the models list shows it.</summary>
public sealed record ModelListRow(
    string Name,
    string? Description,
    int? ProductionVersion,
    int? StagingVersion,
    int? LatestVersion,
    int VersionCount,
    DateTimeOffset UpdatedAt,
    string Owner);

/// <summary>Which version holds a stage of a model, since when and by whom.</summary>
public sealed record EnvironmentSlot(ModelStage Stage, int Version, string ProviderModelId, DateTimeOffset Since, string? By);

/// <summary>A custom alias and the version it points at.</summary>
public sealed record AliasRow(string Name, int Version, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>One entry of a stage history.</summary>
public sealed record StageChange(string Model, int Version, ModelStage? From, ModelStage To, DateTimeOffset At, string By, string? Reason);

/// <summary>One version as the model page's table shows it.</summary>
public sealed record VersionRow(
    int Number,
    ModelStage Stage,
    string ProviderModelId,
    string BaseModel,
    string FinalMetricsJson,
    int? JobId,
    long? TrainedTokens,
    decimal? CostUsd,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<string> Aliases);

/// <summary>A registered model with its environments, versions (newest first), aliases and stage history.</summary>
public sealed record ModelDetails(
    string Name,
    string? Description,
    IReadOnlyList<string> Tags,
    string Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    EnvironmentSlot? Production,
    EnvironmentSlot? Staging,
    IReadOnlyList<VersionRow> Versions,
    IReadOnlyList<AliasRow> Aliases,
    IReadOnlyList<StageChange> History);

/// <summary>A dataset in a version's lineage.</summary>
public sealed record LineageDataset(int Id, string Name, string Sha256);

/// <summary>Everything the version page shows.</summary>
public sealed record VersionDetails(
    string Model,
    int Number,
    ModelStage Stage,
    string ProviderModelId,
    string BaseModel,
    int? JobId,
    LineageDataset? Training,
    LineageDataset? Validation,
    int? NEpochs,
    int? BatchSize,
    double? LearningRateMultiplier,
    string? Suffix,
    int? Seed,
    IReadOnlyDictionary<string, double> FinalMetrics,
    long? TrainedTokens,
    decimal? CostUsd,
    string? Description,
    IReadOnlyList<string> Tags,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<StageChange> History);

/// <summary>One row of the dashboard's environment matrix.</summary>
public sealed record EnvironmentRow(string Model, EnvironmentSlot? Production, EnvironmentSlot? Staging);

/// <summary>Parses the comma-separated tag columns.</summary>
public static class TagList
{
    public static IReadOnlyList<string> Parse(string? tags) =>
        tags is null ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
