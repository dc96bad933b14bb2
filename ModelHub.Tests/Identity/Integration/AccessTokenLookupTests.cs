using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Core.Realtime;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

/// <summary>
/// A busy automation client's token is looked up once when it is not cached, however many of its requests are in
/// flight: its cache entry ages out every 30 s, and each of 64 concurrent requests used to read the token and write its
/// last use.
/// </summary>
public sealed class AccessTokenLookupTests : IAsyncLifetime
{
    private const string Secret = "mh_lookup-test-secret-0123456789abcdefghij";
    private readonly TempFolder data = new("token-lookup");
    private ServiceProvider services = null!;
    private string userId = "";

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddModelHubCoreForTests(data.Path).BuildServiceProvider();
        await services.MigrateAsync();
        userId = await services.AddUserRowAsync("ci@example.com");
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        db.AccessTokens.Add(new AccessToken
        {
            UserId = userId, Name = "ci", SecretHash = AccessTokenSecret.Hash(Secret), Prefix = Secret[..8], CreatedAt = now, ExpiresAt = now.AddDays(1),
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        data.Dispose();
    }

    [Fact]
    public async Task Concurrent_requests_with_an_uncached_token_share_one_look_up()
    {
        // The database answers once all 50 requests are in flight, as when a cache entry ages out under load.
        var database = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var contexts = new CountingFactory(services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>(), database.Task);
        var validator = new AccessTokenValidator(contexts, new AccessTokenCache(TimeProvider.System, services.GetRequiredService<IUpdateBus>()), TimeProvider.System);

        var requests = Enumerable.Range(0, 50).Select(_ => validator.ValidateAsync(Secret)).ToList();
        database.SetResult();
        var owners = await Task.WhenAll(requests);

        Assert.All(owners, owner => Assert.Equal(userId, owner?.UserId));
        Assert.Equal(1, contexts.Created);
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        Assert.NotNull(await db.AccessTokens.Where(t => t.UserId == userId).Select(t => t.LastUsedAt).SingleAsync());
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_look_up_the_others_wait_for()
    {
        // The look-up is held until the first caller has given up.
        var database = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var contexts = new CountingFactory(services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>(), database.Task);
        var validator = new AccessTokenValidator(contexts, new AccessTokenCache(TimeProvider.System, services.GetRequiredService<IUpdateBus>()), TimeProvider.System);
        using var givesUp = new CancellationTokenSource();

        var first = validator.ValidateAsync(Secret, givesUp.Token);
        var others = Enumerable.Range(0, 9).Select(_ => validator.ValidateAsync(Secret)).ToList();
        await givesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(TimeSpan.FromSeconds(10)));
        database.SetResult();

        Assert.All(await Task.WhenAll(others), owner => Assert.Equal(userId, owner?.UserId));
        Assert.Equal(1, contexts.Created);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_and_not_remembered_as_in_flight()
    {
        var contexts = new CountingFactory(services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>());
        var validator = new AccessTokenValidator(contexts, new AccessTokenCache(TimeProvider.System, services.GetRequiredService<IUpdateBus>()), TimeProvider.System);

        Assert.Null(await validator.ValidateAsync(Secret + "-wrong"));
        Assert.Null(await validator.ValidateAsync(Secret + "-wrong"));

        // Each refusal was its own look-up (refusals are not cached), and a valid token still gets its owner.
        Assert.Equal(2, contexts.Created);
        Assert.Equal(userId, (await validator.ValidateAsync(Secret))?.UserId);
    }

    [Fact]
    public async Task A_token_revoked_while_its_look_up_runs_is_not_remembered()
    {
        var cache = new AccessTokenCache(TimeProvider.System, services.GetRequiredService<IUpdateBus>());
        var contexts = new CountingFactory(services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>());
        var validator = new AccessTokenValidator(contexts, cache, TimeProvider.System);
        await using var revoker = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();

        // The revocation holds the token's row (and SQLite's write lock) until it commits, so the look-up reads the token
        // while it is still valid and then waits to write its last use: between its read and its store, as on a busy
        // server.
        await using var revocation = await revoker.Database.BeginTransactionAsync();
        var tokenId = await revoker.AccessTokens.Where(t => t.UserId == userId).Select(t => t.Id).SingleAsync();
        await revoker.AccessTokens.Where(t => t.Id == tokenId).ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, DateTimeOffset.UtcNow));
        // On the thread pool, as in the server: SQLite waits for its lock by blocking the thread, which must not be one of
        // the test runner's few threads.
        var concurrent = Task.Run(() => validator.ValidateAsync(Secret));
        await Eventually.TrueAsync(() => contexts.Created == 1, TimeSpan.FromSeconds(10), "The look-up did not start.");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(concurrent.IsCompleted, "The look-up should wait for the revocation's write lock.");
        await revocation.CommitAsync();
        cache.ForgetToken(tokenId);

        // The request that raced the revocation may pass (it was read before the commit); the next one must not.
        await concurrent.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(await validator.ValidateAsync(Secret));
    }

    /// <summary>
    /// Counts the contexts created, and hands each out only after <paramref name="gate"/> (or a yield): a database
    /// that answers later, as PostgreSQL's truly asynchronous I/O does. Microsoft.Data.Sqlite completes synchronously,
    /// so without the gate concurrent look-ups would hardly overlap.
    /// </summary>
    private sealed class CountingFactory(IDbContextFactory<ModelHubDbContext> inner, Task? gate = null) : IDbContextFactory<ModelHubDbContext>
    {
        private int created;

        public int Created => Volatile.Read(ref created);

        public ModelHubDbContext CreateDbContext()
        {
            Interlocked.Increment(ref created);
            return inner.CreateDbContext();
        }

        public async Task<ModelHubDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref created);
            if (gate is null)
            {
                await Task.Yield();
            }
            else
            {
                await gate;
            }

            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
