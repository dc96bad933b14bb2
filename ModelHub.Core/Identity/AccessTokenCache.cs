using System.Collections.Concurrent;

namespace ModelHub.Core.Identity;

/// <summary>The owner of a token that was valid when looked up.</summary>
public sealed record TokenOwner(int TokenId, string UserId, DateTimeOffset ExpiresAt)
{
    /// <summary>Who issued the token; null when not recorded (tokens from before issuers were kept).</summary>
    public string? IssuedById { get; init; }

    /// <summary>True when the owner issued the token themselves.</summary>
    public bool IsOwnersOwn => IssuedById is not null && IssuedById == UserId;
}

/// <summary>
/// Remembers recent token look-ups so a busy automation client costs no database read per request.
/// Revocation and user changes in this process forget entries at once; entries also age out quickly.
/// </summary>
public sealed class AccessTokenCache(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (TokenOwner Owner, DateTimeOffset CachedUntil)> entries = new();

    public bool TryGet(string secretHash, out TokenOwner owner)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(secretHash, out var entry) && entry.CachedUntil > now && entry.Owner.ExpiresAt > now)
        {
            owner = entry.Owner;
            return true;
        }

        owner = null!;
        return false;
    }

    public void Remember(string secretHash, TokenOwner owner) =>
        entries[secretHash] = (owner, time.GetUtcNow() + Lifetime);

    public void Forget(string secretHash) => entries.TryRemove(secretHash, out _);

    /// <summary>Drops every entry of a user whose roles or status changed.</summary>
    public void ForgetUser(string userId)
    {
        foreach (var (hash, entry) in entries)
        {
            if (entry.Owner.UserId == userId)
            {
                entries.TryRemove(hash, out _);
            }
        }
    }
}
