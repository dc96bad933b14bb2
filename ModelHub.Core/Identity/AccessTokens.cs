using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Identity;

/// <summary>A token as its owner sees it in a list: never the secret.</summary>
public sealed record AccessTokenSummary(
    int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool IsActive);

/// <summary>A freshly issued token; <see cref="Token"/> is the secret, shown exactly once.</summary>
public sealed record IssuedAccessToken(int Id, string Name, string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>Says why the expiry is earlier than asked for; null when it is as asked.</summary>
    public string? Notice { get; init; }
}

/// <summary>Issues, lists and revokes personal access tokens.</summary>
public sealed class AccessTokens(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    AccessTokenCache cache,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>
    /// Issues a token for <paramref name="userId"/>; <paramref name="secret"/> is only for the headless bootstrap.
    /// The token records its issuer: the acting user, or the issuer of the token they act with when that was someone
    /// else (so a token minted with an Admin-issued token is Admin-issued too); ModelHub itself issues on the owner's behalf.
    /// A token created with a token expires no later than that token.
    /// </summary>
    public async Task<Result<IssuedAccessToken>> IssueAsync(
        string userId, string? name, int expiresInDays, Actor actor, string? secret = null, CancellationToken ct = default)
    {
        if (AccessTokenRules.Check(name, expiresInDays) is { } invalid)
        {
            return invalid;
        }

        if (secret is not null && secret.Length < AccessTokenSecret.MinimumLength)
        {
            return Error.Validation($"A token secret needs at least {AccessTokenSecret.MinimumLength} characters.", "token");
        }

        return await audit.WriteAsync<Result<IssuedAccessToken>>(async (db, trail) =>
        {
            var owner = await db.Users.Where(u => u.Id == userId).Select(u => new { u.Email }).SingleOrDefaultAsync(ct);
            if (owner is null)
            {
                return Error.NotFound($"User '{userId}'");
            }

            secret ??= AccessTokenSecret.Generate();
            var now = time.GetUtcNow();
            var expiresAt = now.AddDays(expiresInDays);
            string? notice = null;
            if (actor.TokenExpiresAt is { } creatorExpires && creatorExpires < expiresAt)
            {
                // A leaked short-lived token must not become a long-lived one.
                expiresAt = creatorExpires;
                notice = $"The token expires at {creatorExpires:u}, with the token that created it: a token created with a token never outlives it.";
            }

            var token = new AccessToken
            {
                UserId = userId,
                Name = name!.Trim(),
                SecretHash = AccessTokenSecret.Hash(secret),
                Prefix = AccessTokenSecret.PrefixOf(secret),
                IssuedById = IssuerOf(actor, userId),
                CreatedAt = now,
                ExpiresAt = expiresAt,
            };
            db.AccessTokens.Add(token);

            // Saved first (inside the audit transaction) so the entry can name the token's id.
            await db.SaveChangesAsync(ct);
            trail.Add(Record(actor, AuditActions.TokenIssued, token, owner.Email) with
            {
                After = AuditRecord.ToJson(new { prefix = token.Prefix, expiresAt = token.ExpiresAt }),
            });
            return new IssuedAccessToken(token.Id, token.Name, secret, token.ExpiresAt) { Notice = notice };
        }, ct);
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
    public async Task<Result<AccessTokenSummary>> RevokeAsync(string userId, int tokenId, Actor actor, CancellationToken ct = default)
    {
        var revoked = await audit.WriteAsync<Result<AccessToken>>(async (db, trail) =>
        {
            var token = await db.AccessTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
            if (token is null)
            {
                return Error.NotFound($"Token {tokenId}");
            }

            if (token.RevokedAt is null)
            {
                token.RevokedAt = time.GetUtcNow();
                trail.Add(Record(actor, AuditActions.TokenRevoked, token, token.User?.Email) with
                {
                    Before = AuditRecord.ToJson(new { revokedAt = (DateTimeOffset?)null }),
                    After = AuditRecord.ToJson(new { revokedAt = token.RevokedAt }),
                });
            }

            return token;
        }, ct);
        if (!revoked.Succeeded)
        {
            return revoked.Error!;
        }

        var t = revoked.Value;
        cache.ForgetToken(t.Id);
        return new AccessTokenSummary(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, false);
    }

    // ModelHub itself (bootstrap, tooling) issues on the owner's behalf; an unrecorded issuer stays unrecorded (null),
    // so a token minted with a legacy token cannot approve either.
    private static string? IssuerOf(Actor actor, string ownerId) =>
        actor.TokenIssuer is { } other ? other.Id : actor.Id ?? ownerId;

    // Names the token by id, owner and prefix: never the secret or its hash.
    private static AuditRecord Record(Actor actor, string action, AccessToken token, string? ownerEmail) =>
        new(actor, action, AuditObjects.Token, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{token.Name} ({token.Prefix}…) of {ownerEmail ?? token.UserId}");
}
