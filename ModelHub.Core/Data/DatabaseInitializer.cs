using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Identity;

namespace ModelHub.Core.Data;

/// <summary>Brings the database to the latest migration and makes sure the four roles exist.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    IEnumerable<IDatabasePreparation> preparations,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var preparation in preparations)
        {
            await preparation.PrepareAsync(db, ct);
        }

        await CreateDatabaseIfMissingAsync(db, ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} database migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }

        await db.Database.MigrateAsync(ct);

        var existing = await db.Roles.Where(r => r.Name != null).Select(r => r.Name!).ToListAsync(ct);
        foreach (var role in Roles.All.Except(existing))
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance starting at the same time on the same database may have added them first.
            if (!await AllRolesExistAsync(ct))
            {
                throw;
            }
        }
    }

    /// <summary>
    /// Creates a missing database and an empty migrations history before the migrations look at them. Left to them, a
    /// first start on PostgreSQL logs four errors: two failed connections when nobody created the database, and two
    /// failed reads of the history table, which Npgsql's migrations read without checking it exists (npgsql/efcore.pg
    /// issue 3407) — in an empty database too, as compose's PostgreSQL creates it. To whoever watches the logs that
    /// reads as a failure; the creator's existence check and <c>CREATE TABLE IF NOT EXISTS</c> expect neither.
    /// </summary>
    private async Task CreateDatabaseIfMissingAsync(ModelHubDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            await CreateDatabaseAsync(creator, ct);
        }

        try
        {
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        }
        catch (DbException)
        {
            // Two instances creating it at the same moment can collide even with IF NOT EXISTS; the migration that
            // follows takes EF's migrations lock and finds or creates it properly.
        }
    }

    private async Task CreateDatabaseAsync(IRelationalDatabaseCreator creator, CancellationToken ct)
    {
        logger.LogInformation("Creating the database: it does not exist yet.");
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (DbException)
        {
            // Another instance starting at the same time may have created it first.
            if (!await creator.ExistsAsync(ct))
            {
                throw;
            }
        }
    }

    private async Task<bool> AllRolesExistAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Roles.Where(r => r.Name != null).Select(r => r.Name!).ToListAsync(ct);
        return !Roles.All.Except(existing).Any();
    }
}
