using System.Collections.Concurrent;
using ModelHub.Core.Data;

namespace ModelHub.Tests.Support;

/// <summary>
/// The database engine the tests run on: SQLite unless <c>MODELHUB_TEST_DATABASE=Postgres</c> (test.sh's second pass).
/// On PostgreSQL, each data folder gets a database of its own in <see cref="PostgresCluster"/>, so factories sharing a
/// folder (a restart) share the database too; on SQLite, a new data folder gets a copy of <see cref="SqliteTemplate"/>.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "MODELHUB_TEST_DATABASE";

    private static readonly ConcurrentDictionary<string, string> DatabasesByFolder = new();

    public static DatabaseProvider Provider { get; } =
        new DatabaseOptions { Provider = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : nameof(DatabaseProvider.Sqlite) }.ProviderKind();

    public static bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>What points an app at the SQLite database in its data folder.</summary>
    internal static IReadOnlyDictionary<string, string?> SqliteSettings { get; } =
        new Dictionary<string, string?> { [$"{DatabaseOptions.Section}:Provider"] = nameof(DatabaseProvider.Sqlite) };

    /// <summary>
    /// The settings that point an app or Core services with data folder <paramref name="dataFolder"/> at its database,
    /// on <paramref name="provider"/> (the pass's provider when null). Either way the database is migrated already,
    /// unless the folder held one before (which is then left as it is).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> SettingsFor(string dataFolder, DatabaseProvider? provider = null)
    {
        if ((provider ?? Provider) != DatabaseProvider.Postgres)
        {
            SqliteTemplate.CopyInto(dataFolder);
            return SqliteSettings;
        }

        var connectionString = DatabasesByFolder.GetOrAdd(Path.GetFullPath(dataFolder), _ => PostgresCluster.Instance.CreateDatabase());
        return new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Provider"] = nameof(DatabaseProvider.Postgres),
            ["ConnectionStrings:ModelHub"] = connectionString,
        };
    }

    /// <summary>Drops the database of a data folder that no test uses any more (nothing to do on SQLite: the folder goes).</summary>
    public static void Release(string dataFolder)
    {
        if (DatabasesByFolder.TryRemove(Path.GetFullPath(dataFolder), out var connectionString))
        {
            PostgresCluster.Instance.DropDatabase(connectionString);
        }
    }
}
