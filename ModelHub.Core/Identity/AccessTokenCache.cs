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
/// Revocation and user changes forget entries at once: here directly, and on the other instances through
/// <see cref="AccessTokenRevoked"/> and <see cref="UserAccessChanged"/>, which <see cref="ForgetToken"/> and
/// <see cref="ForgetUser"/> publish on the update bus. Entries also age out quickly, and all of them go when updates
/// may have been missed (the bus reconnected).
/// </summary>
public sealed class AccessTokenCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (TokenOwner Owner, DateTimeOffset CachedUntil)> entries = new();
    private readonly TimeProvider time;
    private readonly IUpdateBus bus;
    private readonly IDisposable subscription;

    public AccessTokenCache(TimeProvider time, IUpdateBus bus)
    {
        this.time = time;
        this.bus = bus;
        subscription = bus.Subscribe(InProcessUpdateBus.AllTopics, update =>
        {
            switch (update)
            {
                case AccessTokenRevoked revoked:
                    ForgetWhere(owner => owner.TokenId == revoked.TokenId);
                    break;
                case UserAccessChanged changed:
                    ForgetWhere(owner => owner.UserId == changed.UserId);
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

    /// <summary>Forgets a revoked token on every instance (found by id: its secret's hash does not travel between them).</summary>
    public void ForgetToken(int tokenId)
    {
        ForgetWhere(owner => owner.TokenId == tokenId);
        bus.Publish(new AccessTokenRevoked(Topics.Access, tokenId));
    }

    /// <summary>Forgets, on every instance, the tokens of a user whose roles or status changed.</summary>
    public void ForgetUser(string userId)
    {
        ForgetWhere(owner => owner.UserId == userId);
        bus.Publish(new UserAccessChanged(Topics.Access, userId));
    }

    public void Dispose() => subscription.Dispose();

    private void ForgetWhere(Func<TokenOwner, bool> match)
    {
        foreach (var (hash, entry) in entries)
        {
            if (match(entry.Owner))
            {
                entries.TryRemove(hash, out _);
            }
        }
    }
}
