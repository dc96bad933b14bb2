using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;
using ModelHub.Web.Observability;

namespace ModelHub.Tests.Observability.Integration;

public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string ScrapeToken = "scrape-token-for-the-observability-tests-0123456789";

    private readonly ModelHubFactory app = new(settings: new Dictionary<string, string?> { [MetricsScrape.TokenSetting] = ScrapeToken });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Metrics_refuse_a_scraper_without_the_token_with_a_wrong_one_or_with_an_access_token()
    {
        var admin = await app.CreateUserAsync("admin@example.com", "correct-horse-battery-7", Roles.Admin);
        var adminToken = await app.IssueTokenAsync(admin.Id);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var presented in new[] { null, "not-the-scrape-token", ScrapeToken + "x", adminToken })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (presented is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", presented);
            }

            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            // A ProblemDetails for the machine, not the people's status page.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("modelhub_", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Metrics_serve_ModelHub_and_ASP_NET_Core_series_to_the_scrape_token()
    {
        // An audited write (the user's creation) and a served request, so both kinds of series have values.
        await app.CreateUserAsync("engineer@example.com", "correct-horse-battery-7", Roles.Engineer);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("modelhub_audit_lock_wait_seconds_bucket", body);
        Assert.Contains("modelhub_audit_lock_hold_seconds_count", body);
        // The lock histograms carry sub-millisecond buckets (an uncontended wait is microseconds).
        Assert.Contains("modelhub_audit_lock_wait_seconds_bucket{otel_scope_name=\"ModelHub.Audit\",le=\"0.001\"}", body);
        Assert.Contains("http_server_request_duration_seconds_bucket", body);
        Assert.Contains("http_route=\"/healthz\"", body);
    }

    [Fact]
    public async Task Metrics_answer_only_GET()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/metrics") { Content = new StringContent("") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);

        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}

public sealed class MetricsSwitchedOffTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Without_a_scrape_token_configured_metrics_are_not_found_for_anyone()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything-at-all");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
