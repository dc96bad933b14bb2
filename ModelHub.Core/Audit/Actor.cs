namespace ModelHub.Core.Audit;

/// <summary>Who made a change: a signed-in user (id and e-mail), or ModelHub itself.</summary>
/// <param name="Id">The user's id; null for <see cref="System"/>.</param>
/// <param name="Name">The user's e-mail, or "system".</param>
public sealed record Actor(string? Id, string Name)
{
    /// <summary>ModelHub acting on its own: first-run setup, headless bootstrap, background work.</summary>
    public static Actor System { get; } = new(null, "system");

    /// <summary>Set when the user acted with an access token that someone else issued: that person (id null when not recorded).</summary>
    public Actor? TokenIssuer { get; init; }

    /// <summary>Set when the user acted with an access token: when that token expires, so what it creates cannot outlive it.</summary>
    public DateTimeOffset? TokenExpiresAt { get; init; }

    /// <summary>How the audit log names the actor: both people when the token was issued by someone else.</summary>
    public string AuditName => TokenIssuer is null ? Name : $"{Name} with a token issued by {TokenIssuer.Name}";

    /// <summary>A signed-in user.</summary>
    public static Actor User(string id, string? email) => new(id, string.IsNullOrWhiteSpace(email) ? id : email);
}
