using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Identity;

/// <summary>A token as its owner sees it in a list: never the secret.</summary>
public sealed record AccessTokenSummary(
    int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool IsActive);

/// <summary>A freshly issued token; <see cref="Token"/> is the secret, shown exactly once.</summary>
public sealed record IssuedAccessToken(int Id, string Name, string Token, DateTimeOffset ExpiresAt);

/// <summary>Issues, lists and revokes personal access tokens.</summary>
public sealed class AccessTokens(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    AccessTokenCache cache,
    TimeProvider time)
{
    /// <summary>Issues a token for <paramref name="userId"/>; <paramref name="secret"/> is only for the headless bootstrap.</summary>
    public async Task<Result<IssuedAccessToken>> IssueAsync(
        string userId, string? name, int expiresInDays, string? secret = null, CancellationToken ct = default)
    {
        if (AccessTokenRules.Check(name, expiresInDays) is { } invalid)
        {
            return invalid;
        }

        if (secret is not null && secret.Length < AccessTokenSecret.MinimumLength)
        {
            return Error.Validation($"A token secret needs at least {AccessTokenSecret.MinimumLength} characters.", "token");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return Error.NotFound($"User '{userId}'");
        }

        secret ??= AccessTokenSecret.Generate();
        var now = time.GetUtcNow();
        var token = new AccessToken
        {
            UserId = userId,
            Name = name!.Trim(),
            SecretHash = AccessTokenSecret.Hash(secret),
            Prefix = AccessTokenSecret.PrefixOf(secret),
            CreatedAt = now,
            ExpiresAt = now.AddDays(expiresInDays),
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new IssuedAccessToken(token.Id, token.Name, secret, token.ExpiresAt);
    }

    public async Task<IReadOnlyList<AccessTokenSummary>> ListAsync(string userId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = await db.AccessTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt)
            .ToListAsync(ct);
        return [.. tokens.Select(t => new AccessTokenSummary(
            t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsActiveAt(now)))];
    }

    /// <summary>Revokes one of <paramref name="userId"/>'s tokens; takes effect on the next request.</summary>
    public async Task<Result<AccessTokenSummary>> RevokeAsync(string userId, int tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null)
        {
            return Error.NotFound($"Token {tokenId}");
        }

        var now = time.GetUtcNow();
        token.RevokedAt ??= now;
        await db.SaveChangesAsync(ct);
        cache.Forget(token.SecretHash);
        return new AccessTokenSummary(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt,
            token.RevokedAt, token.LastUsedAt, false);
    }
}
