namespace ModelHub.Cli.Following;

// What the hub (/hubs/jobs) sends; the method name is the record's name on the server.

/// <summary>A job's status or step changed.</summary>
public sealed record JobChanged(int JobId, string Status, int Step, int? TotalSteps);

/// <summary>One metric value at a step.</summary>
public sealed record MetricPoint(string Name, int Step, double Value);

/// <summary>New metric points of a job, in step order.</summary>
public sealed record JobMetricsAdded(int JobId, IReadOnlyList<MetricPoint> Points);

/// <summary>A succeeded job became a version.</summary>
public sealed record ModelVersionRegistered(string ModelName, int Number, int JobId);
