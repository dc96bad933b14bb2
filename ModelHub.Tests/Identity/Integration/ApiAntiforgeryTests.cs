using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

/// <summary>Cookie-authenticated state changes on /api need the antiforgery header, with or without a body; bearer calls need none.</summary>
public sealed partial class ApiAntiforgeryTests : IAsyncLifetime
{
    private const string Password = "antiforgery-password-2026";
    private readonly ModelHubFactory app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Every_state_changing_api_route_refuses_a_cookie_call_without_the_antiforgery_header()
    {
        await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormSignIn.SignInAsync(browser, "admin@example.com", Password);

        var routes = StateChangingApiRoutes();
        Assert.True(routes.Count >= 15, $"Only {routes.Count} routes found: {string.Join(", ", routes)}");
        var accepted = new List<string>();
        foreach (var (method, path) in routes)
        {
            // No body at all: the forged request a cross-site form or fetch sends.
            using var response = await browser.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains("\"antiforgery\"", StringComparison.Ordinal))
            {
                accepted.Add($"{method} {path} -> {(int)response.StatusCode}");
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public async Task A_cookie_call_with_the_header_and_a_bearer_call_without_it_both_work()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormSignIn.SignInAsync(browser, "admin@example.com", Password);
        var token = RequestToken().Match(await browser.GetStringAsync("/account/logout")).Groups["value"].Value;
        Assert.NotEmpty(token);

        using var withHeader = new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens") { Content = JsonContent.Create(new { name = "from-the-page" }) };
        withHeader.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(token));
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(withHeader)).StatusCode);

        using var wrongHeader = new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens") { Content = JsonContent.Create(new { name = "forged" }) };
        wrongHeader.Headers.Add("RequestVerificationToken", "forged");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SendAsync(wrongHeader)).StatusCode);

        var bearer = app.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(admin.Id));
        Assert.Equal(HttpStatusCode.Created, (await bearer.PostAsJsonAsync("/api/me/tokens", new { name = "from-a-script" })).StatusCode);
        var names = JsonNode.Parse(await bearer.GetStringAsync("/api/me/tokens"))!.AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.Contains("from-the-page", names);
        Assert.DoesNotContain("forged", names);
    }

    // Read from the endpoint data source, so a route added later is covered without touching this test.
    private List<(string Method, string Path)> StateChangingApiRoutes()
    {
        var routes = new List<(string, string)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var method in methods.Where(m => m is not ("GET" or "HEAD" or "OPTIONS" or "TRACE")))
            {
                routes.Add((method, RouteParameter().Replace(pattern, "1")));
            }
        }

        return routes;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex RequestToken();
}
