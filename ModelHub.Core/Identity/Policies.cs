using System.Security.Claims;
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

    /// <summary>Calls the inference gateway (<c>/v1/*</c>).</summary>
    public const string CanInvoke = nameof(CanInvoke);

    /// <summary>Reads the alias resolve API: every signed-in user, service accounts included.</summary>
    public const string CanResolve = nameof(CanResolve);

    /// <summary>
    /// Policy name to the roles that satisfy it; an empty list means any signed-in user, except that a service account
    /// (<see cref="Roles.Application"/> and no other role) satisfies only <see cref="CanInvoke"/> and <see cref="CanResolve"/>.
    /// </summary>
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
            [CanInvoke] = [Roles.Application, Roles.Engineer, Roles.Admin],
            [CanResolve] = [],
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
                else if (policy != CanResolve)
                {
                    RequirePerson(builder);
                }
            });
        }
    }

    /// <summary>The default and fallback policy: signed in, and a person rather than a service account.</summary>
    public static AuthorizationPolicy SignedInPerson { get; } = RequirePerson(new AuthorizationPolicyBuilder().RequireAuthenticatedUser()).Build();

    /// <summary>True for a service account: it holds <see cref="Roles.Application"/> and no other role.</summary>
    public static bool IsServiceAccount(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Application) && !Roles.All.Any(role => role != Roles.Application && user.IsInRole(role));

    private static AuthorizationPolicyBuilder RequirePerson(AuthorizationPolicyBuilder builder) =>
        builder.RequireAssertion(context => !IsServiceAccount(context.User));
}
