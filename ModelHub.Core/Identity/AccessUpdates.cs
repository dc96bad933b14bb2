using ModelHub.Core.Realtime;

namespace ModelHub.Core.Identity;

/// <summary>
/// A token was revoked. Every instance forgets its cached owner at once: other instances would otherwise keep
/// accepting it until their cache entry ages out.
/// </summary>
public sealed record AccessTokenRevoked(string Topic, int TokenId) : Update(Topic);

/// <summary>
/// A user's roles changed or the user was disabled or enabled: every instance forgets the cached owners (and so the
/// claims) of that user's tokens.
/// </summary>
public sealed record UserAccessChanged(string Topic, string UserId) : Update(Topic);
