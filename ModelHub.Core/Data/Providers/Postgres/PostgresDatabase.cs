using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Backup;

namespace ModelHub.Core.Data.Providers.Postgres;

/// <summary>Registers PostgreSQL from <c>ConnectionStrings:ModelHub</c>.</summary>
internal static class PostgresDatabase
{
    public const string ConnectionStringName = "ModelHub";

    public static IServiceCollection AddModelHubPostgres(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{DatabaseOptions.Section}:Provider is Postgres but ConnectionStrings:{ConnectionStringName} is not set " +
                "(for example Host=db;Database=modelhub;Username=modelhub;Password=...).");
        }

        services.AddPooledDbContextFactory<PostgresModelHubDbContext>(options => options.UseNpgsql(connectionString));
        services.AddSingleton<IDbContextFactory<ModelHubDbContext>, ProviderContextFactory<PostgresModelHubDbContext>>();
        services.AddSingleton<IAuditAppendLock, PostgresAuditAppendLock>();
        services.AddSingleton<IDatabaseSnapshot, PostgresDatabaseSnapshot>();
        return services;
    }
}
