using System.Net;
using System.Net.Http.Json;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

public sealed class GatewayAccessTests : IAsyncLifetime
{
    private GatewayFixture gateway = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync();
        await gateway.SeedTwoVersionsAsync();
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Calls_without_a_valid_token_are_401_OpenAI_errors()
    {
        var anonymous = await GatewayFixture.ChatAsync(gateway.Client(null), GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("invalid_api_key", (await GatewayFixture.ErrorAsync(anonymous)).GetProperty("code").GetString());

        var forged = await GatewayFixture.ChatAsync(gateway.Client("mh_not-a-real-token"), GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(0, gateway.Stub.Calls);
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.OnCall)]
    public async Task People_who_may_not_invoke_get_a_403_OpenAI_error(string role)
    {
        var client = await gateway.ClientForRoleAsync($"{role.ToLowerInvariant()}@example.com", role);
        var response = await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("insufficient_permissions", (await GatewayFixture.ErrorAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_engineer_may_call_the_gateway()
    {
        var client = await gateway.ClientForRoleAsync("second-engineer@example.com", Roles.Engineer);
        Assert.Equal(HttpStatusCode.OK, (await GatewayFixture.ChatAsync(client, GatewayFixture.Model)).StatusCode);
    }

    [Fact]
    public async Task A_service_account_calls_the_gateway_and_the_resolve_API()
    {
        var client = gateway.Client(gateway.ApplicationToken);
        Assert.Equal(HttpStatusCode.OK, (await GatewayFixture.ChatAsync(client, GatewayFixture.Model)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/models/{GatewayFixture.Model}/aliases/production")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/models")]
    [InlineData("GET", "/api/models/support-bot")]
    [InlineData("GET", "/api/me")]
    [InlineData("GET", "/api/jobs")]
    [InlineData("GET", "/api/datasets")]
    [InlineData("GET", "/api/audit")]
    [InlineData("GET", "/api/promotions")]
    [InlineData("GET", "/api/compare?v=support-bot:1&v=support-bot:2")]
    [InlineData("PUT", "/api/models/support-bot/aliases/blue")]
    [InlineData("POST", "/hubs/jobs/negotiate?negotiateVersion=1")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/models/support-bot")]
    [InlineData("GET", "/api/2.0/mlflow/registered-models/search")]
    public async Task A_service_account_gets_403_everywhere_else(string method, string path)
    {
        var client = gateway.Client(gateway.ApplicationToken);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = JsonContent.Create(new { version = 1 });
        }

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_service_account_gets_403_on_pages()
    {
        var browser = gateway.Client(null);
        await FormSignIn.SignInAsync(browser, "billing-app@example.com", GatewayFixture.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_cookie_does_not_open_the_gateway()
    {
        var browser = gateway.Client(null);
        await FormSignIn.SignInAsync(browser, "engineer@example.com", GatewayFixture.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GatewayFixture.ChatAsync(browser, GatewayFixture.Model)).StatusCode);
    }
}
