using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

public sealed class AuthorizationTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-7";
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly ModelHubFactory app;

    public AuthorizationTests() => app = new ModelHubFactory { Time = time };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_signed_in_user_without_Admin_gets_403_on_the_Users_page_and_its_API()
    {
        await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var engineer = await app.CreateUserAsync("engineer@example.com", Password, Roles.Engineer, Roles.Reviewer, Roles.OnCall);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormSignIn.SignInAsync(browser, "engineer@example.com", Password);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        var usersPage = await browser.GetAsync("/users");
        Assert.Equal(HttpStatusCode.Forbidden, usersPage.StatusCode);
        Assert.Contains("Access denied", await usersPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/users")).StatusCode);

        var api = BearerClient(await app.IssueTokenAsync(engineer.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/users", new { email = "x@example.com", password = Password })).StatusCode);
    }

    [Fact]
    public async Task An_admin_reaches_the_Users_page_with_a_cookie()
    {
        await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormSignIn.SignInAsync(browser, "admin@example.com", Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/users")).StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_authenticates_the_API_and_hub_with_the_users_roles()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var api = BearerClient(await app.IssueTokenAsync(admin.Id));

        var me = await api.GetFromJsonAsync<MeResponse>("/api/me");
        Assert.Equal("admin@example.com", me!.Email);
        Assert.Equal([Roles.Admin], me.Roles);

        var created = await api.PostAsJsonAsync("/api/users", new { email = "eng@example.com", password = Password, roles = new[] { "Engineer" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await created.Content.ReadFromJsonAsync<UserResponse>();
        Assert.False(string.IsNullOrEmpty(user!.Id));

        var token = await api.PostAsJsonAsync($"/api/users/{user.Id}/tokens", new { name = "ci", expiresInDays = 7 });
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        var issued = await token.Content.ReadFromJsonAsync<TokenResponse>();
        var engineerApi = BearerClient(issued!.Token);
        Assert.Equal(["Engineer"], (await engineerApi.GetFromJsonAsync<MeResponse>("/api/me"))!.Roles);

        var negotiate = await engineerApi.PostAsync("/hubs/jobs/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        var anonymousNegotiate = await app.CreateClient().PostAsync("/hubs/jobs/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousNegotiate.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_gets_401_at_once()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var api = BearerClient(await app.IssueTokenAsync(admin.Id));
        var tokens = await api.GetFromJsonAsync<List<TokenSummaryResponse>>("/api/me/tokens");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);

        var revoke = await api.DeleteAsync($"/api/me/tokens/{tokens!.Single().Id}");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_gets_401_and_an_unknown_one_too()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var api = BearerClient(await app.IssueTokenAsync(admin.Id, days: 1));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);

        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await BearerClient(AccessTokenSecret.Generate()).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_users_token_stops_working()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var engineer = await app.CreateUserAsync("eng@example.com", Password, Roles.Engineer);
        var adminApi = BearerClient(await app.IssueTokenAsync(admin.Id));
        var engineerApi = BearerClient(await app.IssueTokenAsync(engineer.Id));
        Assert.Equal(HttpStatusCode.OK, (await engineerApi.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await adminApi.PostAsync($"/api/users/{engineer.Id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engineerApi.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task API_errors_are_problem_details_naming_the_field()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var api = BearerClient(await app.IssueTokenAsync(admin.Id));
        var response = await api.PostAsJsonAsync("/api/users", new { email = "eng@example.com", password = "short", roles = new[] { "Wizard" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemResponse>();
        Assert.Equal("roles", problem!.Field);
        Assert.Contains("Wizard", problem.Detail);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_API_to_signed_in_callers()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var document = await BearerClient(await app.IssueTokenAsync(admin.Id)).GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/users", document);
        Assert.DoesNotContain("/account/login", document);
    }

    private HttpClient BearerClient(string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed record MeResponse(string Id, string Email, List<string> Roles);

    private sealed record UserResponse(string Id, string Email);

    private sealed record TokenResponse(int Id, string Token);

    private sealed record TokenSummaryResponse(int Id, string Name);

    private sealed record ProblemResponse(string Type, string Detail, string? Field);
}
