using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Identity;
using ModelHub.Core.Realtime;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Unit;

public sealed class AccessTokenTests
{
    [Fact]
    public void Generated_secrets_are_long_unique_and_url_safe()
    {
        var secrets = Enumerable.Range(0, 200).Select(_ => AccessTokenSecret.Generate()).ToList();
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
        Assert.All(secrets, s =>
        {
            Assert.StartsWith("mh_", s);
            Assert.True(s.Length >= AccessTokenSecret.MinimumLength);
            Assert.DoesNotContain(s, c => c is '+' or '/' or '=');
        });
    }

    [Fact]
    public void Hash_is_sha256_hex_and_never_the_secret()
    {
        var secret = "mh_abcdefghijklmnopqrstuvwxyz0123456789";
        var hash = AccessTokenSecret.Hash(secret);
        Assert.Equal(64, hash.Length);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.DoesNotContain("abcdefgh", hash);
        Assert.Equal(hash, AccessTokenSecret.Hash(secret));
        Assert.NotEqual(hash, AccessTokenSecret.Hash(secret + "x"));
        // Known vector: SHA-256("abc").
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AccessTokenSecret.Hash("abc"));
    }

    [Fact]
    public void Token_is_active_until_it_expires_or_is_revoked()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var token = new AccessToken { UserId = "u", Name = "t", SecretHash = "h", Prefix = "p", CreatedAt = now, ExpiresAt = now.AddDays(1) };
        Assert.True(token.IsActiveAt(now));
        Assert.True(token.IsActiveAt(now.AddDays(1).AddTicks(-1)));
        Assert.False(token.IsActiveAt(now.AddDays(1)));
        token.RevokedAt = now;
        Assert.False(token.IsActiveAt(now));
    }

    [Theory]
    [InlineData("", 30, "name")]
    [InlineData("   ", 30, "name")]
    [InlineData("ci", 0, "expiresInDays")]
    [InlineData("ci", 367, "expiresInDays")]
    public void Invalid_token_requests_name_the_field(string name, int days, string field)
    {
        var error = AccessTokenRules.Check(name, days);
        Assert.NotNull(error);
        Assert.Equal(field, error.Target);
    }

    [Fact]
    public void Cache_forgets_entries_after_their_lifetime_and_on_request()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        using var cache = new AccessTokenCache(time, new InProcessUpdateBus(NullLogger<InProcessUpdateBus>.Instance));
        var owner = new TokenOwner(1, "u1", time.GetUtcNow().AddDays(1));
        cache.Remember("h1", owner, cache.Generation);
        Assert.True(cache.TryGet("h1", out _));
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(cache.TryGet("h1", out _));

        cache.Remember("h1", owner, cache.Generation);
        cache.ForgetUser("u1");
        Assert.False(cache.TryGet("h1", out _));

        cache.Remember("h1", owner, cache.Generation);
        cache.ForgetToken(1);
        Assert.False(cache.TryGet("h1", out _));
    }

    [Fact]
    public async Task Cache_forgets_what_the_update_bus_reports_revoked_or_changed_and_everything_when_updates_were_missed()
    {
        var bus = new InProcessUpdateBus(NullLogger<InProcessUpdateBus>.Instance);
        using var cache = new AccessTokenCache(TimeProvider.System, bus);
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        cache.Remember("h1", new TokenOwner(1, "u1", expires), cache.Generation);
        cache.Remember("h2", new TokenOwner(2, "u1", expires), cache.Generation);
        cache.Remember("h3", new TokenOwner(3, "u2", expires), cache.Generation);

        bus.Publish(new AccessTokenRevoked(Topics.Access, 1));
        await Forgotten(() => !cache.TryGet("h1", out _));
        Assert.True(cache.TryGet("h2", out _));

        bus.Publish(new UserAccessChanged(Topics.Access, "u1"));
        await Forgotten(() => !cache.TryGet("h2", out _));
        Assert.True(cache.TryGet("h3", out _));

        bus.Publish(new UpdatesMayBeMissed(InProcessUpdateBus.AllTopics));
        await Forgotten(() => !cache.TryGet("h3", out _));
    }

    [Fact]
    public void Cache_does_not_remember_a_look_up_that_read_before_something_was_forgotten()
    {
        using var cache = new AccessTokenCache(TimeProvider.System, new InProcessUpdateBus(NullLogger<InProcessUpdateBus>.Instance));
        var owner = new TokenOwner(1, "u1", DateTimeOffset.UtcNow.AddDays(1));

        // A look-up reads the token, the token is revoked (nothing cached yet to forget), then the look-up stores what it read.
        var readAt = cache.Generation;
        cache.ForgetToken(1);
        cache.Remember("h1", owner, readAt);
        Assert.False(cache.TryGet("h1", out _));

        // The same for a user's change, and for anything forgotten meanwhile: the read may predate it.
        readAt = cache.Generation;
        cache.ForgetUser("u2");
        cache.Remember("h1", owner, readAt);
        Assert.False(cache.TryGet("h1", out _));

        // A look-up with nothing forgotten since its read is remembered.
        cache.Remember("h1", owner, cache.Generation);
        Assert.True(cache.TryGet("h1", out _));
    }

    private static Task Forgotten(Func<bool> condition) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(5), "The cache did not forget the entry within 5 s.");
}
