namespace ModelHub.Core.Identity;

/// <summary>The roles a ModelHub user may hold (several at once); <see cref="Application"/> is for service accounts.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Engineer = "Engineer";
    public const string Reviewer = "Reviewer";
    public const string OnCall = "OnCall";

    /// <summary>A service account: may call the gateway (<c>/v1/*</c>) and the resolve API, nothing else.</summary>
    public const string Application = "Application";

    public static readonly IReadOnlyList<string> All = [Admin, Engineer, Reviewer, OnCall, Application];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
