namespace ModelHub.Core.Realtime;

/// <summary>Topic names shared by publishers, pages and the hub bridge.</summary>
public static class Topics
{
    /// <summary>Every job's changes, for lists.</summary>
    public const string Jobs = "jobs";

    public static string Job(int jobId) => $"job:{jobId}";

    public static string Model(string name) => $"model:{name}";

    public static string User(string userId) => $"user:{userId}";

    /// <summary>Promotion requests of every model, for the Approvals page and its nav count.</summary>
    public const string Promotions = "promotions";

    /// <summary>Token revocations and users' access changes, for the token caches of every instance (never sent to browsers).</summary>
    public const string Access = "access";
}

/// <summary>A job's status or progress changed; readers reload what they show of it.</summary>
public sealed record JobChanged(string Topic, int JobId, string Status, int Step, int? TotalSteps) : Update(Topic);

/// <summary>New provider events of a job, newest first.</summary>
public sealed record JobEventsAdded(string Topic, int JobId, IReadOnlyList<JobEventItem> Events) : Update(Topic);

/// <summary>New metric points of a job, in step order.</summary>
public sealed record JobMetricsAdded(string Topic, int JobId, IReadOnlyList<MetricItem> Points) : Update(Topic);

/// <summary>A job reached <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>; sent to its launcher's topic.</summary>
public sealed record JobEnded(string Topic, int JobId, string Status, string ModelName, string? Message) : Update(Topic);

/// <summary>A succeeded job became version <paramref name="Number"/> of <paramref name="ModelName"/>.</summary>
public sealed record ModelVersionRegistered(string Topic, string ModelName, int Number, int JobId) : Update(Topic);

/// <summary>One job event as shown in a log.</summary>
public sealed record JobEventItem(string Id, DateTimeOffset CreatedAt, string Level, string Message, string Type);

/// <summary>One metric value at a step.</summary>
public sealed record MetricItem(string Name, int Step, double Value);
