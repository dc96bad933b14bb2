using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Registry.Integration;

/// <summary>Registration stores each curve already downsampled, and compare serves those instead of the raw points.</summary>
public sealed class StoredSeriesTests : IAsyncLifetime
{
    private const int LongRun = 20_000;
    private readonly TempFolder data = new("stored-series");
    private ServiceProvider services = null!;
    private string userId = "";

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddModelHubCoreForTests(data.Path).BuildServiceProvider();
        await services.MigrateAsync();
        userId = await services.AddUserRowAsync("ana@example.com");
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        data.Dispose();
    }

    [Fact]
    public async Task Registering_a_long_run_stores_each_curve_downsampled_keeping_first_and_last_step()
    {
        var jobId = await RegistrySeeder.AddSucceededJobAsync(services, "long-run", userId, steps: LongRun);

        var registered = await services.GetRequiredService<RegisterModelVersion>().RegisterAsync(jobId);

        Assert.True(registered.Succeeded);
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var stored = await db.MetricSeries.Where(s => s.ModelVersionId == registered.Value.VersionId).ToListAsync();
        Assert.Equal(CompareVersions.ChartedMetrics.Order(StringComparer.Ordinal), stored.Select(s => s.Name).Order(StringComparer.Ordinal));
        foreach (var series in stored)
        {
            var (steps, _) = series.Decode();
            Assert.Equal(LongRun, series.OriginalPoints);
            Assert.Equal(CompareVersions.MaxPointsPerSeries, steps.Length);
            Assert.Equal(1, steps[0]);
            Assert.Equal(LongRun, steps[^1]);
        }
    }

    [Fact]
    public async Task Compare_serves_the_stored_series_without_reading_raw_points()
    {
        var longJob = await RegistrySeeder.AddSucceededJobAsync(services, "long-run", userId, steps: LongRun);
        var shortJob = await RegistrySeeder.AddSucceededJobAsync(services, "long-run", userId, steps: 40);
        var register = services.GetRequiredService<RegisterModelVersion>();
        var first = await register.RegisterAsync(longJob);
        await register.RegisterAsync(shortJob);
        // With the raw points gone, whatever compare shows can only come from the stored series.
        await using (var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync())
        {
            await db.MetricPoints.ExecuteDeleteAsync();
        }

        var comparison = await services.GetRequiredService<CompareVersions>().CompareAsync([new VersionRef("long-run", 1), new VersionRef("long-run", 2)]);

        Assert.True(comparison.Succeeded);
        Assert.Equal(4, comparison.Value.Metrics.Count);
        foreach (var metric in comparison.Value.Metrics)
        {
            var (longSeries, shortSeries) = (metric.Series[0], metric.Series[1]);
            Assert.Equal(LongRun, longSeries.OriginalPoints);
            Assert.Equal(CompareVersions.MaxPointsPerSeries, longSeries.Steps.Count);
            Assert.Equal(1, longSeries.Steps[0]);
            Assert.Equal(LongRun, longSeries.Steps[^1]);
            Assert.Equal(Enumerable.Range(1, 40), shortSeries.Steps);
        }

        // The final metrics come from the curves' last points, which LTTB always keeps.
        var finals = comparison.Value.Versions[0].FinalMetrics;
        Assert.Equal(comparison.Value.Metrics.Single(m => m.Metric == "valid_loss").Series[0].Values[^1], finals["valid_loss"]);
        Assert.Equal(first.Value.Number, comparison.Value.Versions[0].Number);
    }
}
