using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Audit.Integration;

/// <summary>The audited writer over a real SQLite file: a change commits with its entries, or not at all.</summary>
public sealed class AuditWriterTests : IAsyncLifetime
{
    private readonly TempFolder folder = new("audit-writer");
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddModelHubCoreForTests(folder.Path).BuildServiceProvider();
        await services.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task A_change_that_saves_then_returns_an_error_commits_nothing()
    {
        var log = services.GetRequiredService<AuditLog>();

        var result = await log.WriteAsync<Result<int>>(async (db, trail) =>
        {
            db.Users.Add(NewUser("half@example.com"));
            await db.SaveChangesAsync();
            db.Users.Add(NewUser("pending@example.com"));
            trail.Add(new AuditRecord(Actor.System, AuditActions.UserCreated, AuditObjects.User, "half"));
            return Error.Conflict("refused", "The second half failed.");
        });

        Assert.Equal("refused", result.Error?.Code);
        await using var check = await NewDbAsync();
        Assert.Empty(await check.Users.ToListAsync());
        Assert.Empty(await check.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task After_a_failed_change_the_next_change_chains_onto_the_last_committed_entry()
    {
        var log = services.GetRequiredService<AuditLog>();
        await log.WriteAsync((_, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, AuditActions.SettingsChanged, AuditObjects.Settings, "first"));
            return Task.FromResult(0);
        });
        await log.WriteAsync<Result<int>>((_, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, AuditActions.SettingsChanged, AuditObjects.Settings, "refused"));
            return Task.FromResult<Result<int>>(Error.Conflict("refused", "No."));
        });
        await log.WriteAsync((_, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, AuditActions.SettingsChanged, AuditObjects.Settings, "second"));
            return Task.FromResult(0);
        });

        await using var check = await NewDbAsync();
        Assert.Equal(["first", "second"], await check.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.ObjectId).ToListAsync());
        Assert.True((await services.GetRequiredService<VerifyAuditChain>().ExecuteAsync()).Ok);
    }

    [Fact]
    public async Task A_refusal_that_keeps_its_writes_commits_them_without_entries()
    {
        var log = services.GetRequiredService<AuditLog>();

        await log.WriteAsync<Result<int>>((db, trail) =>
        {
            db.Users.Add(NewUser("kept@example.com"));
            trail.KeepWritesOnError();
            return Task.FromResult<Result<int>>(Error.Conflict("stale-request", "Marked stale."));
        });

        await using var check = await NewDbAsync();
        Assert.Equal("kept@example.com", (await check.Users.SingleAsync()).Email);
    }

    private static ModelHubUser NewUser(string email) =>
        new() { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };

    private async Task<ModelHubDbContext> NewDbAsync() =>
        await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
}
