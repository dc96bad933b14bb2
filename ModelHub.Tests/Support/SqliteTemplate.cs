using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Backup;
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
    private static readonly Lazy<string> Template = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the template into <paramref name="dataFolder"/> unless a database is there already (a restart, or a test's own).</summary>
    public static void CopyInto(string dataFolder)
    {
        var target = Path.Combine(dataFolder, DataFolder.DatabaseFileName);
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
        var template = Path.Combine(folder, "template.db");
        using (var services = new ServiceCollection().AddModelHubCoreWithDatabaseSettings(folder, TestDatabase.SqliteSettings).BuildServiceProvider())
        {
            // The backup's snapshot is the whole database in one file, whatever the write-ahead log still holds. Off the
            // test runner's threads: they are few, and this blocks one until the migrations are done.
            Task.Run(async () =>
            {
                await services.MigrateAsync();
                await services.GetRequiredService<IDatabaseSnapshot>().WriteAsync(template, CancellationToken.None);
            }).GetAwaiter().GetResult();
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
