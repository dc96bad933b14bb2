using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data.Providers.Postgres;
using ModelHub.Core.Data.Providers.Sqlite;

namespace ModelHub.Core.Data;

/// <summary>Registers the database of the configured provider behind <c>IDbContextFactory&lt;ModelHubDbContext&gt;</c>.</summary>
public static class DatabaseRegistration
{
    public static IServiceCollection AddModelHubDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DatabaseOptions.Section);
        services.Configure<DatabaseOptions>(section);
        var provider = (section.Get<DatabaseOptions>() ?? new DatabaseOptions()).ProviderKind();
        _ = provider switch
        {
            DatabaseProvider.Postgres => services.AddModelHubPostgres(configuration),
            _ => services.AddModelHubSqlite(),
        };

        // Identity's stores and the readiness check ask for a context per request scope; the pool serves it.
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ModelHubDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}
