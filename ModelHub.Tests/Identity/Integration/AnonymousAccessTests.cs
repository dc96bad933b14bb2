using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

public sealed partial class AnonymousAccessTests : IAsyncLifetime
{
    /// <summary>The only routes a person may reach without signing in (besides static files).</summary>
    private static readonly string[] PublicRoutes = ["/account/login", "/setup", "/healthz", "/readyz", "/metrics", "/status/{Code:int}", "/error"];

    private readonly ModelHubFactory app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Every_mapped_endpoint_refuses_anonymous_callers_unless_it_is_public()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var endpoints = MappedEndpoints();
        Assert.Contains(endpoints, e => e.Pattern == "/users");
        Assert.Contains(endpoints, e => e.Pattern.StartsWith("/api/users"));

        var failures = new List<string>();
        foreach (var (pattern, method, allowsAnonymous) in endpoints.Where(e => !e.AllowsAnonymous))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(pattern));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var refused = response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.OrdinalIgnoreCase));
            if (!refused)
            {
                failures.Add($"{method} {pattern} -> {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, "Reachable without signing in:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Only_the_allowed_routes_and_static_files_are_public()
    {
        var unexpected = MappedEndpoints()
            .Where(e => e.AllowsAnonymous && !PublicRoutes.Contains(e.Pattern) && !IsStaticFile(e.Pattern) && !IsSimulator(e.Pattern) && !IsMlflow(e.Pattern) && !IsGateway(e.Pattern))
            .Select(e => $"{e.Method} {e.Pattern}")
            .ToList();
        Assert.True(unexpected.Count == 0, "Unexpectedly public:\n" + string.Join("\n", unexpected));
    }

    [Fact]
    public async Task The_setup_page_is_shown_on_first_start_and_the_dashboard_redirects_to_sign_in()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.StartsWith("/account/login", dashboard.Headers.Location!.PathAndQuery);

        var login = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/setup", login.Headers.Location!.AbsolutePath);

        var setup = await client.GetStringAsync("/setup");
        Assert.Contains("Create the first Admin account", setup);
    }

    [Fact]
    public async Task Liveness_answers_without_signing_in()
    {
        var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private List<(string Pattern, string Method, bool AllowsAnonymous)> MappedEndpoints()
    {
        var sources = app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return [.. sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e =>
            {
                var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
                var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                return methods.Select(m => (pattern, m, anonymous));
            })
            .Distinct()];
    }

    /// <summary>Fills route parameters with plausible values; catch-alls and optional parameters get a segment too.</summary>
    private static string Concrete(string pattern) =>
        RouteParameter().Replace(pattern, match => match.Groups["constraint"].Value.Contains("int") ? "1" : "sample");

    private static bool IsStaticFile(string pattern) =>
        pattern.StartsWith("/_framework/") || pattern.StartsWith("/_content/") || pattern.StartsWith("/lib/")
        || StaticFileName().IsMatch(pattern);

    private static bool IsSimulator(string pattern) => pattern.StartsWith("/simulator/v1");

    // MLflow's routes authenticate each call themselves (bearer or basic with a token) so that a refusal comes back in
    // MLflow's own error shape; the test above still requires every one of them to answer an anonymous caller with 401.
    private static bool IsMlflow(string pattern) => pattern.StartsWith("/api/2.0/mlflow");

    // The gateway authenticates its bearer tokens itself, to refuse in OpenAI's error shape (401 for anonymous callers).
    private static bool IsGateway(string pattern) => pattern.StartsWith("/v1/");

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:?=]+)(?<constraint>[^}]*)\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"\.(css|js|mjs|map|json|svg|png|ico|woff2?|html|txt|gz|br)$")]
    private static partial Regex StaticFileName();
}
