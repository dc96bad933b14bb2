using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.FineTuning.Unit;

/// <summary>Syncing one job with a fake provider, over a real SQLite file and a fake clock.</summary>
public sealed class JobSyncTests : IAsyncLifetime
{
    private const string ProviderJobId = "ftjob-sync-1";

    private readonly TempFolder folder = new("jobsync");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeFineTuningProvider provider = new();
    private ServiceProvider services = null!;
    private int jobId;

    public async Task InitializeAsync()
    {
        var collection = new ServiceCollection().AddModelHubCoreForTests(folder.Path);
        collection.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        collection.AddSingleton<IFineTuningProvider>(provider);
        collection.Configure<PricingOptions>(pricing => pricing.Models["gpt-4o-mini"] = new ModelPrice { Training = 3.00m, Input = 0.15m, Output = 0.60m });
        services = collection.BuildServiceProvider();
        await services.MigrateAsync();
        var userId = await services.AddUserRowAsync("engineer@example.com");
        jobId = await RegistrySeeder.AddSucceededJobAsync(services, "support-bot", userId, steps: 0);
        // The seeder stores a finished job; make it one the provider is still running.
        await WithDbAsync(async db =>
        {
            var job = await db.FineTuneJobs.SingleAsync(j => j.Id == jobId);
            job.Status = JobStatus.Running;
            job.ProviderJobId = ProviderJobId;
            job.FinishedAt = null;
            job.TrainedTokens = null;
            job.ActualCostUsd = null;
            await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    private JobSync Sync => services.GetRequiredService<JobSync>();

    [Fact]
    public async Task A_cancel_nobody_asked_ModelHub_for_is_recorded_as_cancelled_by_the_provider()
    {
        provider.SetJob(ProviderJobId, JobStatus.Cancelled);

        Assert.Equal(JobStatus.Cancelled, await Sync.SyncAsync(jobId, CancellationToken.None));

        var details = (await services.GetRequiredService<JobQueries>().GetDetailsAsync(jobId))!;
        var last = details.Timeline[^1];
        Assert.Equal((JobStatus.Running, JobStatus.Cancelled), (last.From, last.To));
        Assert.Equal(JobStatusChange.CancelledByProvider, last.Note);
        Assert.Equal("cancelled-by-provider", details.Job.ErrorCode);
        var entry = Assert.Single(await WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.JobCancelledByProvider).ToListAsync()));
        Assert.Equal(jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.ObjectId);
        Assert.Equal(Actor.System.Name, entry.ActorName);
        Assert.True((await services.GetRequiredService<VerifyAuditChain>().ExecuteAsync()).Ok);
    }

    [Fact]
    public async Task A_cancel_someone_asked_ModelHub_for_is_not_blamed_on_the_provider()
    {
        await WithDbAsync(async db =>
        {
            (await db.FineTuneJobs.SingleAsync(j => j.Id == jobId)).CancelRequestedAt = clock.GetUtcNow();
            await db.SaveChangesAsync();
        });
        provider.SetJob(ProviderJobId, JobStatus.Cancelled);

        await Sync.SyncAsync(jobId, CancellationToken.None);

        var details = (await services.GetRequiredService<JobQueries>().GetDetailsAsync(jobId))!;
        Assert.Equal(JobStatus.Cancelled, details.Job.Status);
        Assert.Null(details.Timeline[^1].Note);
        Assert.Null(details.Job.ErrorCode);
        Assert.False(await WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.JobCancelledByProvider)));
    }

    [Fact]
    public async Task Events_and_metric_points_are_stored_once_however_often_the_job_is_synced()
    {
        provider.SetJob(ProviderJobId, JobStatus.Running);
        provider.AddEvent(ProviderJobId, MetricsEvent("ev-1", 1));
        provider.AddEvent(ProviderJobId, MetricsEvent("ev-2", 2));
        await Sync.SyncAsync(jobId, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        provider.AddEvent(ProviderJobId, MetricsEvent("ev-3", 3));
        await Sync.SyncAsync(jobId, CancellationToken.None);
        await Sync.SyncAsync(jobId, CancellationToken.None);

        var stored = await WithDbAsync(db => db.JobEvents.Where(e => e.JobId == jobId).Select(e => e.ProviderEventId).OrderBy(id => id).ToListAsync());
        Assert.Equal(["ev-1", "ev-2", "ev-3"], stored);
        var losses = await WithDbAsync(db => db.MetricPoints.Where(p => p.JobId == jobId && p.Name == MetricPoint.TrainLoss).Select(p => p.Step).OrderBy(step => step).ToListAsync());
        Assert.Equal([1, 2, 3], losses);
        var job = await WithDbAsync(db => db.FineTuneJobs.SingleAsync(j => j.Id == jobId));
        Assert.Equal(("ev-3", 3, 10), (job.LatestEventId, job.CurrentStep, job.TotalSteps));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMilliseconds(500), job.NextPollAt);
    }

    [Fact]
    public async Task A_status_change_adds_one_timeline_step_and_an_unchanged_status_none()
    {
        provider.SetJob(ProviderJobId, JobStatus.Running);
        await Sync.SyncAsync(jobId, CancellationToken.None);
        var before = await StepsAsync();

        provider.SetJob(ProviderJobId, JobStatus.Failed, error: new ProviderJobError("invalid_data", "Line 3 has no assistant message.", null));
        await Sync.SyncAsync(jobId, CancellationToken.None);

        var after = await StepsAsync();
        Assert.Equal(before + 1, after);
        var job = await WithDbAsync(db => db.FineTuneJobs.SingleAsync(j => j.Id == jobId));
        Assert.Equal((JobStatus.Failed, "invalid_data"), (job.Status, job.ErrorCode));
        Assert.Equal(clock.GetUtcNow(), job.FinishedAt);
    }

    [Fact]
    public async Task The_actual_cost_is_the_trained_tokens_at_the_training_price()
    {
        provider.SetJob(ProviderJobId, JobStatus.Running, trainedTokens: 2_000_000);

        await Sync.SyncAsync(jobId, CancellationToken.None);

        // 2 million tokens at $3.00 per million (the seeded job's base model is a gpt-4o-mini snapshot).
        var job = await WithDbAsync(db => db.FineTuneJobs.SingleAsync(j => j.Id == jobId));
        Assert.Equal(6.00m, job.ActualCostUsd);
    }

    private ProviderJobEvent MetricsEvent(string id, int step) =>
        new(id, clock.GetUtcNow(), "info", $"Step {step}/10", "metrics", new ProviderMetrics(step, 10, 2.5 - (step * 0.1), 0.4, null, null));

    private Task<int> StepsAsync() => WithDbAsync(db => db.JobStatusChanges.CountAsync(c => c.JobId == jobId));

    private Task<T> WithDbAsync<T>(Func<ModelHubDbContext, Task<T>> read) => JobsApi.WithDbAsync(services, read);

    private async Task WithDbAsync(Func<ModelHubDbContext, Task> change)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        await change(db);
    }
}
