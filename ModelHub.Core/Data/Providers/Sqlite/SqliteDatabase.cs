using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Backup;

namespace ModelHub.Core.Data.Providers.Sqlite;

/// <summary>Registers SQLite: a file in the data folder, its connection tuning, WAL and the background checkpoint.</summary>
internal static class SqliteDatabase
{
    public static IServiceCollection AddModelHubSqlite(this IServiceCollection services)
    {
        services.AddSingleton(sp => new SqliteConnectionTuning(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.SynchronousLevel()));
        services.AddPooledDbContextFactory<SqliteModelHubDbContext>((sp, options) =>
            options.UseSqlite($"Data Source={sp.GetRequiredService<DataFolder>().DatabasePath}")
                .AddInterceptors(sp.GetRequiredService<SqliteConnectionTuning>()));
        services.AddSingleton<IDbContextFactory<ModelHubDbContext>, ProviderContextFactory<SqliteModelHubDbContext>>();
        services.AddSingleton<IDatabasePreparation, SqliteWalMode>();
        services.AddSingleton<IAuditAppendLock, SqliteAuditAppendLock>();
        services.AddSingleton<IDatabaseSnapshot, SqliteDatabaseSnapshot>();
        services.AddHostedService<WalCheckpointer>();
        return services;
    }
}
