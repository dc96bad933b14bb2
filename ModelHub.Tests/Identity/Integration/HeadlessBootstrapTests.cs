using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

public sealed class HeadlessBootstrapTests
{
    private const string AdminPassword = "bootstrap-password-42";
    private const string AdminToken = "mh_bootstrap-token-0123456789abcdefghijkl";

    [Fact]
    public async Task Bootstrap_creates_exactly_one_admin_and_its_token_and_never_logs_the_secrets()
    {
        await using var app = new ModelHubFactory(settings: Bootstrap("ops@example.com"));
        var users = await app.Services.GetRequiredService<UserAdministration>().ListAsync();

        var admin = Assert.Single(users);
        Assert.Equal("ops@example.com", admin.Email);
        Assert.Equal([Roles.Admin], admin.Roles);

        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users")).StatusCode);

        Assert.Contains(app.Logs.Lines, l => l.Contains("Headless bootstrap created Admin"));
        Assert.DoesNotContain(AdminPassword, app.Logs.All);
        Assert.DoesNotContain(AdminToken, app.Logs.All);
    }

    [Fact]
    public async Task Bootstrap_does_nothing_once_a_user_exists()
    {
        using var data = new TempFolder("bootstrap");
        await using (var first = new ModelHubFactory(dataFolder: data.Path))
        {
            await first.CreateUserAsync("someone@example.com", "someone-password-1", Roles.Engineer);
        }

        await using var second = new ModelHubFactory(settings: Bootstrap("ops@example.com"), dataFolder: data.Path);
        var users = await second.Services.GetRequiredService<UserAdministration>().ListAsync();
        Assert.Equal("someone@example.com", Assert.Single(users).Email);

        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Bootstrap_twice_on_the_same_data_keeps_one_admin()
    {
        using var data = new TempFolder("bootstrap");
        await using (var first = new ModelHubFactory(settings: Bootstrap("ops@example.com"), dataFolder: data.Path))
        {
            Assert.Single(await first.Services.GetRequiredService<UserAdministration>().ListAsync());
        }

        await using var again = new ModelHubFactory(settings: Bootstrap("ops@example.com"), dataFolder: data.Path);
        Assert.Single(await again.Services.GetRequiredService<UserAdministration>().ListAsync());
    }

    private static Dictionary<string, string?> Bootstrap(string email) => new()
    {
        ["ModelHub:Bootstrap:AdminEmail"] = email,
        ["ModelHub:Bootstrap:AdminPassword"] = AdminPassword,
        ["ModelHub:Bootstrap:AdminToken"] = AdminToken,
    };
}
