namespace ModelHub.Core.Identity;

/// <summary>A personal access token for automation; only the SHA-256 of its secret is stored.</summary>
public sealed class AccessToken
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    public ModelHubUser? User { get; set; }

    /// <summary>What the owner called it, e.g. "ci-pipeline".</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public required string SecretHash { get; set; }

    /// <summary>The first characters of the secret, so people can tell their tokens apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>
    /// The user who issued the token: the owner for their own tokens, an Admin for one minted on the owner's behalf.
    /// Null for tokens issued before issuers were recorded; those count as issued by someone else.
    /// </summary>
    public string? IssuedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
