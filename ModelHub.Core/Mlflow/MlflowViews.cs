namespace ModelHub.Core.Mlflow;

// MLflow's JSON shapes; the endpoints serialize them with snake_case names and leave nulls out.

/// <summary>A key/value pair (params, tags).</summary>
public sealed record KeyValue(string Key, string Value);

/// <summary>An experiment as MLflow answers it.</summary>
public sealed record ExperimentView(string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage, long CreationTime, long LastUpdateTime, IReadOnlyList<KeyValue> Tags);

/// <summary>A metric value as MLflow answers it.</summary>
public sealed record MetricView(string Key, double Value, long Timestamp, long Step);

/// <summary>A run's info block.</summary>
public sealed record RunInfoView(string RunId, string RunUuid, string RunName, string ExperimentId, string UserId, string Status, long StartTime, long? EndTime, string ArtifactUri, string LifecycleStage);

/// <summary>A run's data block.</summary>
public sealed record RunDataView(IReadOnlyList<MetricView> Metrics, IReadOnlyList<KeyValue> Params, IReadOnlyList<KeyValue> Tags);

/// <summary>A run as MLflow answers it.</summary>
public sealed record RunView(RunInfoView Info, RunDataView Data);

/// <summary>A model version as MLflow answers it (<c>version</c> is a string, as MLflow's).</summary>
public sealed record ModelVersionView(
    string Name, string Version, long CreationTimestamp, long LastUpdatedTimestamp, string UserId, string CurrentStage, string? Description,
    string Source, string? RunId, string Status, IReadOnlyList<KeyValue> Tags, IReadOnlyList<string> Aliases);

/// <summary>An alias of a registered model.</summary>
public sealed record AliasView(string Alias, string Version);

/// <summary>A registered model as MLflow answers it.</summary>
public sealed record RegisteredModelView(
    string Name, long CreationTimestamp, long LastUpdatedTimestamp, string? Description, string UserId,
    IReadOnlyList<ModelVersionView> LatestVersions, IReadOnlyList<KeyValue> Tags, IReadOnlyList<AliasView> Aliases);

/// <summary>A page of results with MLflow's <c>next_page_token</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);

/// <summary>A file or folder among a run's artifacts.</summary>
public sealed record ArtifactView(string Path, bool IsDir, long? FileSize);
