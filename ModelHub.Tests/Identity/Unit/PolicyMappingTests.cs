using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Unit;

public sealed class PolicyMappingTests
{
    private static readonly IAuthorizationService Authorization = BuildAuthorization();

    public static TheoryData<string, string, bool> Matrix => new()
    {
        { Policies.CanView, "", true },
        { Policies.CanAdminister, Roles.Admin, true },
        { Policies.CanAdminister, Roles.Engineer, false },
        { Policies.CanAdminister, Roles.Reviewer, false },
        { Policies.CanAdminister, Roles.OnCall, false },
        { Policies.CanLaunchJobs, Roles.Engineer, true },
        { Policies.CanLaunchJobs, Roles.Admin, true },
        { Policies.CanLaunchJobs, Roles.Reviewer, false },
        { Policies.CanLaunchJobs, Roles.OnCall, false },
        { Policies.CanManageDatasets, Roles.Engineer, true },
        { Policies.CanManageDatasets, Roles.OnCall, false },
        { Policies.CanStage, Roles.Engineer, true },
        { Policies.CanStage, Roles.Reviewer, false },
        { Policies.CanApprove, Roles.Reviewer, true },
        { Policies.CanApprove, Roles.Admin, true },
        { Policies.CanApprove, Roles.Engineer, false },
        { Policies.CanApprove, Roles.OnCall, false },
        { Policies.CanRollback, Roles.OnCall, true },
        { Policies.CanRollback, Roles.Admin, true },
        { Policies.CanRollback, Roles.Engineer, false },
        { Policies.CanRollback, Roles.Reviewer, false },
        { Policies.CanInvoke, Roles.Application, true },
        { Policies.CanInvoke, Roles.Engineer, true },
        { Policies.CanInvoke, Roles.Admin, true },
        { Policies.CanInvoke, Roles.Reviewer, false },
        { Policies.CanInvoke, Roles.OnCall, false },
        { Policies.CanResolve, Roles.Application, true },
        { Policies.CanResolve, "", true },
        { Policies.CanView, Roles.Application, false },
        { Policies.CanLaunchJobs, Roles.Application, false },
        { Policies.CanStage, Roles.Application, false },
        { Policies.CanApprove, Roles.Application, false },
        { Policies.CanRollback, Roles.Application, false },
        { Policies.CanAdminister, Roles.Application, false },
    };

    [Fact]
    public async Task A_person_who_also_holds_Application_keeps_their_other_roles()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new(ClaimTypes.NameIdentifier, "u1"), new(ClaimTypes.Role, Roles.Application), new(ClaimTypes.Role, Roles.Reviewer)], "test"));
        Assert.True((await Authorization.AuthorizeAsync(user, Policies.CanView)).Succeeded);
        Assert.True((await Authorization.AuthorizeAsync(user, Policies.CanApprove)).Succeeded);
        Assert.True((await Authorization.AuthorizeAsync(user, Policies.CanInvoke)).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Role_grants_exactly_the_policies_it_is_mapped_to(string policy, string role, bool expected)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "u1") };
        if (role.Length > 0)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
        var result = await Authorization.AuthorizeAsync(user, policy);
        Assert.Equal(expected, result.Succeeded);
    }

    [Fact]
    public async Task Anonymous_users_get_no_policy()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        foreach (var policy in Policies.RolesByPolicy.Keys)
        {
            Assert.False((await Authorization.AuthorizeAsync(anonymous, policy)).Succeeded, policy);
        }
    }

    [Fact]
    public void Every_policy_names_only_known_roles()
    {
        Assert.All(Policies.RolesByPolicy.Values.SelectMany(r => r), role => Assert.True(Roles.IsKnown(role), role));
        Assert.Equal(9, Policies.RolesByPolicy.Count);
    }

    private static IAuthorizationService BuildAuthorization()
    {
        var services = new ServiceCollection().AddLogging().AddAuthorizationCore(Policies.Register);
        return services.BuildServiceProvider().GetRequiredService<IAuthorizationService>();
    }
}
