using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

public sealed class SetupFormTests
{
    [Fact]
    public async Task Two_concurrent_setup_posts_create_exactly_one_admin_and_then_setup_is_gone()
    {
        await using var app = new ModelHubFactory();
        var clients = Enumerable.Range(0, 2)
            .Select(_ => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
            .ToList();

        var code = app.SetupCode;
        var responses = await Task.WhenAll(clients.Select((client, i) => FormSignIn.PostFormAsync(client, "/setup", new Dictionary<string, string>
        {
            ["Input.SetupCode"] = code,
            ["Input.Email"] = $"admin{i}@example.com",
            ["Input.Password"] = "correct-horse-battery-9",
            ["Input.ConfirmPassword"] = "correct-horse-battery-9",
        })));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        var users = await app.Services.GetRequiredService<UserAdministration>().ListAsync();
        Assert.Equal([Roles.Admin], Assert.Single(users).Roles);

        var afterwards = await clients[0].GetAsync("/setup");
        Assert.NotEqual(HttpStatusCode.OK, afterwards.StatusCode);
    }
}
