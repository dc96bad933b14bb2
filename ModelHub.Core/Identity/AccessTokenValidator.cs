using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Identity;

/// <summary>Turns a presented secret into its owner, or null when it is unknown, revoked, expired or its user is disabled.</summary>
public sealed class AccessTokenValidator(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    AccessTokenCache cache,
    TimeProvider time)
{
    /// <summary>Last use is written at most this often per token, so hot API paths don't write on every request.</summary>
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, InFlightLookUp> lookups = new();

    public async Task<TokenOwner?> ValidateAsync(string secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < AccessTokenSecret.MinimumLength)
        {
            return null;
        }

        var hash = AccessTokenSecret.Hash(secret);
        if (cache.TryGet(hash, out var cached))
        {
            return cached;
        }

        // Requests that present the same token while it is not cached share one look-up. When a busy client's entry
        // aged out, every request it had in flight read the token and wrote its last use, all at once (64 writes
        // queueing for SQLite's one writer, every 30 s). The shared look-up ignores a caller's cancellation, which
        // only stops that caller's wait: the others still need the answer. A request does not join a look-up that began
        // before something was forgotten (a revocation): that one may have read the token while it was still valid.
        var generation = cache.Generation;
        var lookup = lookups.AddOrUpdate(
            hash,
            static (h, state) => state.Validator.Start(h, state.Generation),
            static (h, current, state) => current.Generation == state.Generation ? current : state.Validator.Start(h, state.Generation),
            (Validator: this, Generation: generation));
        try
        {
            return await lookup.Owner.Value.WaitAsync(ct);
        }
        finally
        {
            lookups.TryRemove(KeyValuePair.Create(hash, lookup));
        }
    }

    private InFlightLookUp Start(string hash, long generation) =>
        new(generation, new Lazy<Task<TokenOwner?>>(() => LookUpAsync(hash, generation)));

    private async Task<TokenOwner?> LookUpAsync(string hash, long generation)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var token = await db.AccessTokens
            .Include(t => t.User)
            .SingleOrDefaultAsync(t => t.SecretHash == hash);
        if (token is null || !token.IsActiveAt(now) || token.User is null || token.User.IsDisabled)
        {
            return null;
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt >= LastUseResolution)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync();
        }

        var owner = new TokenOwner(token.Id, token.UserId, token.ExpiresAt) { IssuedById = token.IssuedById };
        cache.Remember(hash, owner, generation);
        return owner;
    }

    /// <summary>Of <paramref name="tokenIds"/>, the ones no longer usable: revoked, expired, deleted, or their user disabled.</summary>
    /// <remarks>For long-lived connections that authenticated once (the hub): checked by id, since the secret is not kept.</remarks>
    public async Task<IReadOnlySet<int>> InactiveAsync(IReadOnlyCollection<int> tokenIds, CancellationToken ct = default)
    {
        if (tokenIds.Count == 0)
        {
            return new HashSet<int>();
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var usable = await db.AccessTokens.AsNoTracking()
            .Where(t => tokenIds.Contains(t.Id) && t.RevokedAt == null && !t.User!.IsDisabled)
            .Select(t => new { t.Id, t.ExpiresAt })
            .ToListAsync(ct);
        var active = usable.Where(t => t.ExpiresAt > now).Select(t => t.Id).ToHashSet();
        return tokenIds.Where(id => !active.Contains(id)).ToHashSet();
    }

    /// <summary>A shared look-up, and the cache generation it began at.</summary>
    private sealed record InFlightLookUp(long Generation, Lazy<Task<TokenOwner?>> Owner);
}
