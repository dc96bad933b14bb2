using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Providers;
using ModelHub.Tests.FineTuning.Unit;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Observability.Unit;

/// <summary>The job tracker following one running job through a fake provider, over a real SQLite file and a fake clock.</summary>
public sealed class TrackerLagTests : IAsyncLifetime
{
    private const string ProviderJobId = "ftjob-lag-1";
    private const string Lag = "modelhub.job_tracker.lag";

    private readonly TempFolder folder = new("tracker-lag");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeFineTuningProvider provider = new();
    private ServiceProvider services = null!;
    private MeasurementLog log = null!;
    private int jobId;

    public async Task InitializeAsync()
    {
        var collection = new ServiceCollection().AddModelHubCoreForTests(folder.Path);
        collection.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        collection.AddSingleton<IFineTuningProvider>(provider);
        services = collection.BuildServiceProvider();
        log = new MeasurementLog(services.GetRequiredService<IMeterFactory>());
        await services.MigrateAsync();
        var userId = await services.AddUserRowAsync("engineer@example.com");
        jobId = await RegistrySeeder.AddSucceededJobAsync(services, "support-bot", userId, steps: 0);
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var job = await db.FineTuneJobs.SingleAsync(j => j.Id == jobId);
        job.Status = JobStatus.Running;
        job.ProviderJobId = ProviderJobId;
        job.FinishedAt = null;
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        log.Dispose();
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public async Task The_lag_of_a_job_grows_while_the_provider_fails_and_drops_once_the_job_is_synced()
    {
        // The provider does not know the job yet: every poll fails.
        var tracker = services.GetRequiredService<JobTracker>();
        // The tracker works under the background-work lease, which a host would start first.
        await services.GetRequiredService<ModelHub.Core.Scaleout.BackgroundWorkLease>().StartAsync(CancellationToken.None);
        await tracker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => provider.JobReads.GetValueOrDefault(ProviderJobId) >= 1);
            clock.Advance(TimeSpan.FromSeconds(42));

            var behind = Assert.Single(log.Of(Lag), m => Equals(m.Tags[JobTrackerLag.JobAttribute], jobId));
            Assert.Equal(42, behind.Value);
            Assert.Equal("s", behind.Unit);

            // Now the provider answers; past the longest back-off the tracker polls again and the job is in line.
            provider.SetJob(ProviderJobId, JobStatus.Running);
            clock.Advance(TimeSpan.FromSeconds(31));
            await Eventually(() => LatestLag() == 0);
        }
        finally
        {
            await tracker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_job_is_reported_only_while_it_is_followed()
    {
        var lag = services.GetRequiredService<JobTrackerLag>();
        lag.Follow(7);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(5, Assert.Single(lag.Observe()).Value);

        lag.Forget(7);
        lag.Synced(7);

        Assert.Empty(lag.Observe());
    }

    private double? LatestLag()
    {
        log.Clear();
        return log.Of(Lag).Where(m => Equals(m.Tags[JobTrackerLag.JobAttribute], jobId)).Select(m => (double?)m.Value).LastOrDefault();
    }

    /// <summary>Waits for the tracker's background loop; fails after ten seconds.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The tracker did not get there within ten seconds.");
    }
}
