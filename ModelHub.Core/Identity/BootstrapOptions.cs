namespace ModelHub.Core.Identity;

/// <summary>Headless first run (<c>ModelHub:Bootstrap</c>): an Admin, and optionally its token, from the environment.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "ModelHub:Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>An exact token secret (at least 32 characters) for pipelines that must know it in advance.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Never print the password or token, even by accident.</summary>
    public override string ToString() => $"Bootstrap {{ AdminEmail = {AdminEmail} }}";
}
