using Microsoft.AspNetCore.Identity;

namespace ModelHub.Core.Identity;

/// <summary>A person (or pipeline owner) who signs in to ModelHub.</summary>
public sealed class ModelHubUser : IdentityUser
{
    /// <summary>When the account was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Disabled users can neither sign in nor use their access tokens.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>The user's choice of the dark theme, kept across devices.</summary>
    public bool PrefersDarkMode { get; set; }
}
