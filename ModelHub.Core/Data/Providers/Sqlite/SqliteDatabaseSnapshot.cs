using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Backup;

namespace ModelHub.Core.Data.Providers.Sqlite;

/// <summary>SQLite's online backup of the database file: the database as of one commit, whatever commits meanwhile.</summary>
internal sealed class SqliteDatabaseSnapshot(IDbContextFactory<ModelHubDbContext> dbFactory) : IDatabaseSnapshot
{
    public string? UnavailableReason => null;

    public async Task<long> WriteAsync(string destination, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        var source = (SqliteConnection)db.Database.GetDbConnection();
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString());
        await target.OpenAsync(ct);

        // One step under one read transaction: the copy is the database as of one commit, whatever commits meanwhile.
        source.BackupDatabase(target);
        await using var command = target.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(Sequence), 0) FROM AuditEntries;";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
