using Microsoft.EntityFrameworkCore;

namespace ModelHub.Core.Data.Providers.Sqlite;

/// <summary>WAL lets the job tracker write while pages read; it is a property of the file, set once before migrating.</summary>
internal sealed class SqliteWalMode : IDatabasePreparation
{
    public async Task PrepareAsync(ModelHubDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
