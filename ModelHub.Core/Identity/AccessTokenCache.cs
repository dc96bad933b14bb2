using System.Collections.Concurrent;
using ModelHub.Core.Realtime;

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
/// Revocation and user changes forget entries at once: in this process directly, on other instances through
/// <see cref="AccessTokenRevoked"/> and <see cref="UserAccessChanged"/> on the update bus. Entries also age out quickly,
/// and all of them go when updates may have been missed (the bus reconnected).
/// </summary>
public sealed class AccessTokenCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (TokenOwner Owner, DateTimeOffset CachedUntil)> entries = new();
    private readonly TimeProvider time;
    private readonly IDisposable subscription;

    public AccessTokenCache(TimeProvider time, IUpdateBus bus)
    {
        this.time = time;
        subscription = bus.Subscribe(InProcessUpdateBus.AllTopics, update =>
        {
            switch (update)
            {
                case AccessTokenRevoked revoked:
                    ForgetToken(revoked.TokenId);
                    break;
                case UserAccessChanged changed:
                    ForgetUser(changed.UserId);
                    break;
                case UpdatesMayBeMissed:
                    entries.Clear();
                    break;
            }

            return Task.CompletedTask;
        });
    }

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

    /// <summary>Drops the entry of a revoked token, found by id (its secret's hash does not travel between instances).</summary>
    public void ForgetToken(int tokenId)
    {
        foreach (var (hash, entry) in entries)
        {
            if (entry.Owner.TokenId == tokenId)
            {
                entries.TryRemove(hash, out _);
            }
        }
    }

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

    public void Dispose() => subscription.Dispose();
}
