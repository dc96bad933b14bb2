using Microsoft.AspNetCore.Authorization;

namespace ModelHub.Core.Identity;

/// <summary>Authorization policies named after actions; this is the one place that maps them to roles.</summary>
public static class Policies
{
    public const string CanView = nameof(CanView);
    public const string CanManageDatasets = nameof(CanManageDatasets);
    public const string CanLaunchJobs = nameof(CanLaunchJobs);
    public const string CanStage = nameof(CanStage);
    public const string CanApprove = nameof(CanApprove);
    public const string CanRollback = nameof(CanRollback);
    public const string CanAdminister = nameof(CanAdminister);

    /// <summary>Policy name to the roles that satisfy it; an empty list means any signed-in user.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RolesByPolicy =
        new Dictionary<string, IReadOnlyList<string>>
        {
            [CanView] = [],
            [CanManageDatasets] = [Roles.Engineer, Roles.Admin],
            [CanLaunchJobs] = [Roles.Engineer, Roles.Admin],
            [CanStage] = [Roles.Engineer, Roles.Admin],
            [CanApprove] = [Roles.Reviewer, Roles.Admin],
            [CanRollback] = [Roles.OnCall, Roles.Admin],
            [CanAdminister] = [Roles.Admin],
        };

    /// <summary>Registers every policy on <paramref name="options"/>.</summary>
    public static void Register(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in RolesByPolicy)
        {
            options.AddPolicy(policy, builder =>
            {
                builder.RequireAuthenticatedUser();
                if (roles.Count > 0)
                {
                    builder.RequireRole(roles);
                }
            });
        }
    }
}
