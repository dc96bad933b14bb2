using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Audit.Integration;

/// <summary>
/// Two instances (two service providers, each with its own AuditLog, as two processes have) appending to one database
/// at the same time: on PostgreSQL the append is serialised by the database, not by either process.
/// </summary>
public sealed class AuditChainAcrossInstancesTests : IAsyncLifetime
{
    private const int WritesPerInstance = 40;
    private readonly TempFolder data = new("audit-instances");
    private ServiceProvider first = null!;
    private ServiceProvider second = null!;

    public async Task InitializeAsync()
    {
        first = new ServiceCollection().AddModelHubCoreForTests(data.Path).BuildServiceProvider();
        second = new ServiceCollection().AddModelHubCoreForTests(data.Path).BuildServiceProvider();
        await first.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.Release(data.Path);
        data.Dispose();
    }

    [Fact]
    public async Task Concurrent_appends_from_two_instances_make_one_linear_chain_with_no_lost_write()
    {
        // Each instance commits once first, so each holds a cached tail that the other instance then moves.
        await AppendAsync(first, "warm-up-1");
        await AppendAsync(second, "warm-up-2");

        var writers = Enumerable.Range(0, WritesPerInstance).SelectMany(i => new[]
        {
            Task.Run(() => AppendAsync(first, $"first-{i}")),
            Task.Run(() => AppendAsync(second, $"second-{i}")),
        });
        await Task.WhenAll(writers);

        await using var db = await first.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "test.appended").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(2 + (2 * WritesPerInstance), entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.ObjectId).Distinct().Count());
        var all = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(s => (long)s), all);

        var verified = await second.GetRequiredService<VerifyAuditChain>().ExecuteAsync();
        Assert.True(verified.Ok, verified.FirstBroken?.Reason);
        Assert.Equal(all.Count, verified.CheckedCount);
    }

    private static Task<bool> AppendAsync(IServiceProvider instance, string id) =>
        instance.GetRequiredService<AuditLog>().WriteAsync((_, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, "test.appended", "test", id));
            return Task.FromResult(true);
        });
}
