using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core;
using ModelHub.Core.Data;

namespace ModelHub.Tests.Support;

/// <summary>
/// A migrated, empty SQLite database, made once per test process and copied into each new data folder, as the
/// PostgreSQL pass clones a template database. Migrating a new SQLite database costs about 0.3 s of CPU and the suite
/// makes hundreds, on a machine whose two cores the suite keeps busy. The copy holds what a first start would have made
/// (every migration and the four roles); the app still runs its start-up migration check against it.
/// </summary>
internal static class SqliteTemplate
{
    private const string FileName = "modelhub.db";

    private static readonly Lazy<string> Template = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the template into <paramref name="dataFolder"/> unless a database is there already (a restart, or a test's own).</summary>
    public static void CopyInto(string dataFolder)
    {
        var target = Path.Combine(dataFolder, FileName);
        if (File.Exists(target))
        {
            return;
        }

        Directory.CreateDirectory(dataFolder);
        var partial = $"{target}.{Guid.NewGuid():N}.partial";
        File.Copy(Template.Value, partial);
        try
        {
            File.Move(partial, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(partial);
        }
    }

    private static string Create()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "modelhub-tests", $"sqlite-template-{Guid.NewGuid():N}")).FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ModelHub:DataFolder"] = folder,
                [$"{DatabaseOptions.Section}:Provider"] = nameof(DatabaseProvider.Sqlite),
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new CoreServices.TestHostEnvironment(folder))
            .AddLogging()
            .AddModelHubCore(configuration)
            .BuildServiceProvider();
        using (services)
        {
            // Off the test runner's threads: they are few, and this blocks one until the migrations are done.
            Task.Run(() => services.GetRequiredService<DatabaseInitializer>().InitializeAsync()).GetAwaiter().GetResult();
        }

        var template = Path.Combine(folder, FileName);
        using (var connection = new SqliteConnection($"Data Source={template};Pooling=False"))
        {
            // Everything into the main file, so that the file alone is the whole database.
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(folder);
        return template;
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
