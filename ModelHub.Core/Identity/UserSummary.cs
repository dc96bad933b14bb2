namespace ModelHub.Core.Identity;

/// <summary>A user as the Users page and the Admin API show it.</summary>
public sealed record UserSummary(string Id, string Email, IReadOnlyList<string> Roles, bool IsDisabled, DateTimeOffset CreatedAt);
