namespace ModelHub.Core.Data;

/// <summary>Database settings bound from <c>ModelHub:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "ModelHub:Database";

    /// <summary>
    /// SQLite's <c>synchronous</c> level: <c>FULL</c> (default) makes every commit wait for an fsync of the write-ahead
    /// log, so a change answered 2xx survives a power cut with its audit entry; <c>NORMAL</c> survives a process crash
    /// only. Nothing else is accepted.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>The validated level, upper-case.</summary>
    public string SynchronousLevel()
    {
        var level = Synchronous.Trim().ToUpperInvariant();
        return level is "FULL" or "NORMAL"
            ? level
            : throw new InvalidOperationException($"ModelHub:Database:Synchronous must be FULL or NORMAL, not '{Synchronous}'.");
    }
}
