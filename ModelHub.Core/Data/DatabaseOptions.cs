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

    /// <summary>The database engine: <c>Sqlite</c> (default, a file in the data folder) or <c>Postgres</c> (<c>ConnectionStrings:ModelHub</c>).</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>The validated provider, whatever its case.</summary>
    public DatabaseProvider ProviderKind() =>
        Enum.TryParse<DatabaseProvider>(Provider.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new InvalidOperationException($"{Section}:Provider must be Sqlite or Postgres, not '{Provider}'.");
}
