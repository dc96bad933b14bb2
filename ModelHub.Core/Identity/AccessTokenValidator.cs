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

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.AccessTokens
            .Include(t => t.User)
            .SingleOrDefaultAsync(t => t.SecretHash == hash, ct);
        if (token is null || !token.IsActiveAt(now) || token.User is null || token.User.IsDisabled)
        {
            return null;
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt >= LastUseResolution)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }

        var owner = new TokenOwner(token.Id, token.UserId, token.ExpiresAt);
        cache.Remember(hash, owner);
        return owner;
    }
}
