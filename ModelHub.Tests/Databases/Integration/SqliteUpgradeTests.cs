using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Data.Providers.Sqlite;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Databases.Integration;

/// <summary>A SQLite database made before the migrations moved under Data/Providers/Sqlite keeps working.</summary>
[Trait("Database", "SqliteOnly")]
public sealed class SqliteUpgradeTests : IDisposable
{
    // The migration ids the history table of every existing SQLite database holds (the code before providers).
    private static readonly string[] IdsBeforeProviders =
    [
        "20261126113155_Foundation", "20261126120736_Datasets", "20261126124204_FineTuningAndRegistry", "20261126125741_AuditLog",
        "20261126131606_Gates", "20261126131815_Registry", "20261126132421_Promotions", "20261126141314_DownsampledMetricSeries",
        "20261126143429_ModelsListOrderIndex", "20261201232047_Hardening_Shape_Gates_Mlflow", "20261202021528_Webhooks_Gateway",
    ];

    private readonly TempFolder data = new("sqlite-upgrade");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        data.Dispose();
    }

    [Fact]
    public async Task A_database_made_before_per_provider_migrations_upgrades_and_keeps_its_rows()
    {
        // The old database is there before the new code starts (the test setup would otherwise give it a migrated one).
        var file = Path.Combine(data.Path, DataFolder.DatabaseFileName);
        await using (var old = new SqliteModelHubDbContext(new DbContextOptionsBuilder<SqliteModelHubDbContext>().UseSqlite($"Data Source={file}").Options))
        {
            // Migrated one step short of the last migration of that code, as an instance that has not been upgraded in a while.
            await old.GetService<IMigrator>().MigrateAsync(IdsBeforeProviders[^2]);
            await old.Database.ExecuteSqlRawAsync("""INSERT INTO "AspNetRoles" ("Id", "Name", "NormalizedName") VALUES ('legacy', 'Legacy', 'LEGACY')""");
        }

        await using var services = new ServiceCollection().AddModelHubCoreForTests(data.Path, DatabaseProvider.Sqlite).BuildServiceProvider();
        Assert.Equal(file, services.GetRequiredService<DataFolder>().DatabasePath);
        await services.MigrateAsync();

        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Equal(IdsBeforeProviders, applied.Take(IdsBeforeProviders.Length));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains("Legacy", await db.Roles.Select(r => r.Name).ToListAsync());
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }
}
