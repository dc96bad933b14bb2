using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Durability.Integration;

/// <summary>The SQLite settings that decide whether a change answered 2xx survives a power cut.</summary>
[Trait("Database", "SqliteOnly")]
public sealed class SqliteDurabilityTests
{
    // SQLite's numbering of PRAGMA synchronous.
    private const long Normal = 1;
    private const long Full = 2;

    [Fact]
    public async Task Every_app_connection_runs_with_synchronous_full_by_default()
    {
        await using var app = new ModelHubFactory();

        Assert.Equal(Full, await SynchronousOfFactoryContextAsync(app));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(Full, await SynchronousAsync(scope.ServiceProvider.GetRequiredService<ModelHubDbContext>()));
    }

    [Fact]
    public async Task Synchronous_normal_can_be_chosen_in_configuration()
    {
        await using var app = new ModelHubFactory(settings: new Dictionary<string, string?> { ["ModelHub:Database:Synchronous"] = "normal" });

        Assert.Equal(Normal, await SynchronousOfFactoryContextAsync(app));
    }

    [Fact]
    public async Task An_unknown_synchronous_level_stops_start_up_with_a_message_naming_the_setting()
    {
        await using var app = new ModelHubFactory(settings: new Dictionary<string, string?> { ["ModelHub:Database:Synchronous"] = "OFF" });

        var refused = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("ModelHub:Database:Synchronous", refused.ToString());
    }

    private static async Task<long> SynchronousOfFactoryContextAsync(ModelHubFactory app)
    {
        // Cleared so the answer comes from a connection opened now, not one a test before left in the pool.
        SqliteConnection.ClearAllPools();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await SynchronousAsync(db);
    }

    private static async Task<long> SynchronousAsync(ModelHubDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
