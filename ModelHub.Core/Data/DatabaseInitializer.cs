using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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

    private async Task<bool> AllRolesExistAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Roles.Where(r => r.Name != null).Select(r => r.Name!).ToListAsync(ct);
        return !Roles.All.Except(existing).Any();
    }
}
