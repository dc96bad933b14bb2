using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Data;
using ModelHub.Core.Scaleout;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Scaleout.Unit;

/// <summary>The background-work lease on a real SQLite file, with a fake clock standing in for the renewal schedule.</summary>
public sealed class BackgroundWorkLeaseTests : IAsyncLifetime
{
    private readonly TempFolder folder = new("lease");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddModelHubCoreForTests(folder.Path).BuildServiceProvider();
        await services.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public async Task Only_one_of_two_instances_holds_the_lease()
    {
        var a = Instance();
        var b = Instance();

        await a.TryHoldAsync(default);
        await b.TryHoldAsync(default);

        Assert.True(a.IsHeld);
        Assert.False(b.IsHeld);
        Assert.Equal(a.InstanceId, (await Stored()).Holder);
    }

    [Fact]
    public async Task Another_instance_takes_over_after_the_holder_stops_renewing_and_the_holder_stopped_working_first()
    {
        var a = Instance();
        var b = Instance();
        await a.TryHoldAsync(default);
        var work = StartWork(a);
        await work.Started.Task;

        // The holder dies silently: no more renewals. Its own work stops at the work deadline (7 s) ...
        time.Advance(TimeSpan.FromSeconds(7));
        await work.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(a.IsHeld);

        // ... while the lease itself is still valid, so nobody else works yet.
        await b.TryHoldAsync(default);
        Assert.False(b.IsHeld);

        time.Advance(TimeSpan.FromSeconds(3));
        await b.TryHoldAsync(default);
        Assert.True(b.IsHeld);
        Assert.Equal(b.InstanceId, (await Stored()).Holder);
    }

    [Fact]
    public async Task A_holder_that_renews_on_time_keeps_the_lease_and_its_work()
    {
        var a = Instance();
        var b = Instance();
        await a.TryHoldAsync(default);
        var work = StartWork(a);
        await work.Started.Task;

        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(3));
            await a.TryHoldAsync(default);
            await b.TryHoldAsync(default);
        }

        Assert.True(a.IsHeld);
        Assert.False(b.IsHeld);
        Assert.False(work.Stopped.Task.IsCompleted);
        Assert.Equal(1, work.Starts);
    }

    [Fact]
    public async Task A_holder_whose_renewal_fails_stops_its_work_at_once_and_resumes_when_it_holds_the_lease_again()
    {
        var a = Instance();
        await a.TryHoldAsync(default);
        var work = StartWork(a);
        await work.Started.Task;

        // Someone else wrote the lease (an operator, or a single instance restarted beside it): a's renewal fails.
        var intruder = Instance(singleInstance: true);
        await intruder.TryHoldAsync(default);
        await a.TryHoldAsync(default);

        await work.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(a.IsHeld);

        await Store.ReleaseAsync(BackgroundWorkLease.Name, intruder.InstanceId, default);
        await a.TryHoldAsync(default);
        Assert.True(a.IsHeld);
        await work.WaitForStartsAsync(2);
    }

    [Fact]
    public async Task Instances_racing_for_a_free_lease_leave_exactly_one_holder()
    {
        var racers = Enumerable.Range(0, 8).Select(_ => Instance()).ToList();

        await Task.WhenAll(racers.Select(r => Task.Run(() => r.TryHoldAsync(default))));

        Assert.Single(racers, r => r.IsHeld);
        Assert.Equal(racers.Single(r => r.IsHeld).InstanceId, (await Stored()).Holder);
    }

    [Fact]
    public async Task A_single_instance_takes_over_the_lease_a_crashed_process_left_at_once()
    {
        var crashed = Instance(singleInstance: true);
        await crashed.TryHoldAsync(default);

        var restarted = Instance(singleInstance: true);
        await restarted.TryHoldAsync(default);

        Assert.True(restarted.IsHeld);
    }

    [Fact]
    public async Task A_clean_stop_releases_the_lease_for_the_next_instance()
    {
        var a = Instance();
        var b = Instance();
        await a.StartAsync(default);
        Assert.True(a.IsHeld);

        await a.StopAsync(default);
        await b.TryHoldAsync(default);

        Assert.True(b.IsHeld);
    }

    private LeaseStore Store => new(services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>(), time);

    private BackgroundWorkLease Instance(bool singleInstance = false) => new(
        Store,
        new InstanceIdentity(),
        Options.Create(new LeaseOptions { SingleInstance = singleInstance }),
        time,
        NullLogger<BackgroundWorkLease>.Instance);

    private async Task<BackgroundLease> Stored()
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await db.BackgroundLeases.SingleAsync();
    }

    private static LeasedWork StartWork(BackgroundWorkLease lease)
    {
        var work = new LeasedWork();
        _ = lease.RunWhileHeldAsync(work.RunAsync, CancellationToken.None);
        return work;
    }

    /// <summary>Work that runs until its token is cancelled, counting its starts.</summary>
    private sealed class LeasedWork
    {
        private int starts;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Starts => Volatile.Read(ref starts);

        public async Task RunAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref starts);
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                Stopped.TrySetResult();
            }
        }

        public async Task WaitForStartsAsync(int count)
        {
            for (var i = 0; i < 600 && Starts < count; i++)
            {
                await Task.Delay(50);
            }

            Assert.Equal(count, Starts);
        }
    }
}
