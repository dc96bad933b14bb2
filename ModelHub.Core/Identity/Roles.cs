namespace ModelHub.Core.Identity;

/// <summary>The four roles a ModelHub user may hold (several at once).</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Engineer = "Engineer";
    public const string Reviewer = "Reviewer";
    public const string OnCall = "OnCall";

    public static readonly IReadOnlyList<string> All = [Admin, Engineer, Reviewer, OnCall];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
