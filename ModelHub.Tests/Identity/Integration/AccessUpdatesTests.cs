using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Core.Realtime;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

/// <summary>
/// Revoking a token, changing a user's roles and disabling a user are told to the update bus, which carries them to the
/// other instances' token caches (RedisUpdateBusTests checks the crossing): without that, another instance kept
/// accepting a revoked token, a disabled user's tokens and the old roles for up to 30 s.
/// </summary>
public sealed class AccessUpdatesTests
{
    private const string Password = "access-updates-password-2026";

    [Fact]
    public async Task Revoking_a_token_changing_roles_and_disabling_a_user_each_publish_an_access_update()
    {
        await using var app = new ModelHubFactory();
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var engineer = await app.CreateUserAsync("engineer@example.com", Password, Roles.Engineer);
        var actor = Actor.User(admin.Id, "admin@example.com");
        var published = new ConcurrentQueue<Update>();
        using var subscription = app.Services.GetRequiredService<IUpdateBus>().Subscribe(Topics.Access, update =>
        {
            published.Enqueue(update);
            return Task.CompletedTask;
        });
        var issued = await app.Services.GetRequiredService<AccessTokens>().IssueAsync(engineer.Id, "ci", 30, actor);

        await app.Services.GetRequiredService<AccessTokens>().RevokeAsync(engineer.Id, issued.Value!.Id, actor);
        await Published(() => published.Any(u => u is AccessTokenRevoked revoked && revoked.TokenId == issued.Value.Id));

        await app.Services.GetRequiredService<UserAdministration>().SetRolesAsync(engineer.Id, [Roles.Reviewer], actor);
        await Published(() => published.Count(u => u is UserAccessChanged changed && changed.UserId == engineer.Id) == 1);

        await app.Services.GetRequiredService<UserAdministration>().SetDisabledAsync(engineer.Id, true, actor);
        await Published(() => published.Count(u => u is UserAccessChanged changed && changed.UserId == engineer.Id) == 2);
    }

    private static Task Published(Func<bool> condition) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(5), "The update was not published within 5 s.");
}
