using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using ModelHub.Core;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Core.Providers;

namespace ModelHub.Tests.Support;

/// <summary>ModelHub's Core services over a real, migrated SQLite file (or PostgreSQL database, see <see cref="TestDatabase"/>), for component and use-case tests without the web host.</summary>
public static class CoreServices
{
    /// <param name="provider">The database provider; the pass's (<see cref="TestDatabase"/>) when null.</param>
    public static IServiceCollection AddModelHubCoreForTests(this IServiceCollection services, string dataFolder, DatabaseProvider? provider = null) =>
        services.AddModelHubCoreWithDatabaseSettings(dataFolder, TestDatabase.SettingsFor(dataFolder, provider));

    /// <summary>Core services on <paramref name="dataFolder"/> with these database settings, and no test database prepared for them.</summary>
    internal static IServiceCollection AddModelHubCoreWithDatabaseSettings(
        this IServiceCollection services, string dataFolder, IReadOnlyDictionary<string, string?> databaseSettings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ModelHub:DataFolder"] = dataFolder })
            .AddInMemoryCollection(databaseSettings)
            .Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(dataFolder));
        services.AddLogging();
        services.AddModelHubCore(configuration);
        return services;
    }

    /// <summary>A provider that components can resolve (to cancel, to start runs) but that no test here calls.</summary>
    public static IServiceCollection AddUncalledProviderForTests(this IServiceCollection services) =>
        services.AddModelHubProvider(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HolySheep:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["HolySheep:ApiKey"] = "sk-unused-in-this-test",
        }).Build());

    public static async Task MigrateAsync(this IServiceProvider services) =>
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

    /// <summary>Inserts a user row directly; enough for features that only need the user to exist.</summary>
    public static async Task<string> AddUserRowAsync(this IServiceProvider services, string email, string? id = null)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var user = new ModelHubUser { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        if (id is not null)
        {
            user.Id = id;
        }

        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    private sealed class TestHostEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "ModelHub.Tests";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new PhysicalFileProvider(root);
    }
}
