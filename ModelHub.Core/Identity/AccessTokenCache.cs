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
/// may have been missed (the bus reconnected). A look-up that read the database before something was forgotten is not
/// remembered (see <see cref="Generation"/>): it may have read a token that was revoked while it ran.
/// </summary>
public sealed class AccessTokenCache : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (TokenOwner Owner, DateTimeOffset CachedUntil)> entries = new();
    private readonly TimeProvider time;
    private readonly IUpdateBus bus;
    private readonly IDisposable subscription;
    private long generation;

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
                    ForgetWhere(static _ => true);
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

    /// <summary>Counts what was forgotten so far; a look-up takes it before reading the token and hands it to <see cref="Remember"/>.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>
    /// Remembers the owner a look-up read, unless anything was forgotten since it took <paramref name="readAtGeneration"/>:
    /// the token may have been revoked (or its user disabled) after the read and before this call, and remembering it
    /// would accept it for another 30 s. Any forget counts, not only this token's: a rare extra read is cheaper than
    /// tracking which look-up each forget concerns.
    /// </summary>
    public void Remember(string secretHash, TokenOwner owner, long readAtGeneration)
    {
        if (Generation != readAtGeneration)
        {
            return;
        }

        var entry = (owner, time.GetUtcNow() + Lifetime);
        entries[secretHash] = entry;

        // A forget that ran between the check and the store may have scanned before the entry arrived.
        if (Generation != readAtGeneration)
        {
            entries.TryRemove(KeyValuePair.Create(secretHash, entry));
        }
    }

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
        // Before the scan, so that a look-up storing concurrently either sees the new generation or is scanned.
        Interlocked.Increment(ref generation);
        foreach (var (hash, entry) in entries)
        {
            if (match(entry.Owner))
            {
                entries.TryRemove(hash, out _);
            }
        }
    }
}
