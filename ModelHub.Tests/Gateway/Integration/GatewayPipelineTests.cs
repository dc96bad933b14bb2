using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

/// <summary>
/// <c>/v1</c> is served from a pipeline branch of its own (GatewayBranch): what the rest of the app's pipeline did for
/// it must still happen (forwarded headers and HSTS, routing, bearer authentication, tracing), and nothing else may
/// fall into the branch.
/// </summary>
public sealed class GatewayPipelineTests : IAsyncLifetime
{
    private GatewayFixture gateway = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync();
        await gateway.SeedTwoVersionsAsync();
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task A_bearer_call_without_an_antiforgery_token_is_answered_and_a_wrong_role_is_still_a_403_OpenAI_error()
    {
        var application = gateway.Client(gateway.ApplicationToken);
        using var served = await GatewayFixture.ChatAsync(application, GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        var reviewer = await gateway.ClientForRoleAsync("reviewer@example.com", Roles.Reviewer);
        using var refused = await GatewayFixture.ChatAsync(reviewer, GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("insufficient_permissions", (await GatewayFixture.ErrorAsync(refused)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("PUT", "/v1/models")]
    [InlineData("GET", "/v1/chat/completions")]
    [InlineData("DELETE", "/v1")]
    public async Task Other_methods_and_paths_under_v1_are_404_OpenAI_errors(string method, string path)
    {
        using var response = await gateway.Client(gateway.ApplicationToken).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_url", (await GatewayFixture.ErrorAsync(response)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/v1beta/models")]
    [InlineData("/v10/chat/completions")]
    public async Task Paths_that_only_begin_like_the_gateway_are_the_app_s_not_the_gateway_s(string path)
    {
        using var anonymous = await gateway.Client(null).GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // The Application role reaches the gateway and the resolve API only; elsewhere, pages included, it is a 403.
        using var service = await gateway.Client(gateway.ApplicationToken).GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, service.StatusCode);
    }

    [Fact]
    public void The_app_s_endpoint_list_still_holds_each_gateway_route_once()
    {
        // What the access tests enumerate to check every route's policy: the branch's endpoints must not drop out of it.
        var routes = gateway.App.Services.GetRequiredService<IEnumerable<EndpointDataSource>>()
            .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/v1", StringComparison.Ordinal))
            .Select(e => e.RoutePattern.RawText!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["/v1/chat/completions", "/v1/models", "/v1/{**path}"], routes);
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_gateway_answers_carry_HSTS_and_plain_HTTP_is_not_refused_as_a_page()
    {
        await using var app = new ModelHubFactory(realHttp: true, new Dictionary<string, string?> { ["environment"] = "Production" });
        using var http = new HttpClient { BaseAddress = app.ServerAddress };
        var body = new { model = GatewayFixture.Model, messages = new[] { new { role = "user", content = "Hi" } } };

        using var plain = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        plain.Headers.Host = "modelhub.test";
        using var plainAnswer = await http.SendAsync(plain);
        Assert.Equal(HttpStatusCode.Unauthorized, plainAnswer.StatusCode);
        Assert.Equal("invalid_api_key", (await GatewayFixture.ErrorAsync(plainAnswer)).GetProperty("code").GetString());
        Assert.False(plainAnswer.Headers.Contains("Strict-Transport-Security"));

        using var proxied = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        proxied.Headers.Host = "modelhub.test";
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var proxiedAnswer = await http.SendAsync(proxied);
        Assert.Equal(HttpStatusCode.Unauthorized, proxiedAnswer.StatusCode);
        Assert.True(proxiedAnswer.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task With_tracing_configured_a_gateway_call_is_one_trace_with_its_route_and_the_provider_call()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var app = new TracedApp(spans, ("HolySheep:BaseUrl", gateway.Stub.BaseUrl.ToString()), ("HolySheep:ApiKey", UpstreamStub.Key));
        var service = await app.CreateUserAsync("traced-app@example.com", GatewayFixture.Password, Roles.Application);
        var engineer = await app.CreateUserAsync("traced-engineer@example.com", GatewayFixture.Password, Roles.Engineer);
        await RegistrySeeder.AddVersionAsync(app.Services, GatewayFixture.Model, engineer.Id);
        await RegistrySeeder.SetStageAsync(app.Services, GatewayFixture.Model, 1, ModelHub.Core.Registry.ModelStage.Production, engineer.Id);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(service.Id));
        // Activity listeners see every host in the test process: the call's own trace id tells its spans from the
        // gateway calls other test classes make at the same time.
        var trace = ActivityTraceId.CreateRandom();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var server = await EventuallyAsync(() => spans.FirstOrDefault(s =>
            s.TraceId == trace && s.Source.Name == "Microsoft.AspNetCore" && (s.GetTagItem("url.path") as string) == "/v1/chat/completions"));
        Assert.Equal("/v1/chat/completions", server.GetTagItem("http.route"));
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));
        // The provider call is a client span in the same trace (found by the trace id, or never).
        await EventuallyAsync(() => spans.FirstOrDefault(s =>
            s.TraceId == server.TraceId && s.Kind == ActivityKind.Client && (s.GetTagItem("url.full") as string ?? "").Contains("/chat/completions", StringComparison.Ordinal)));
    }

    private static async Task<Activity> EventuallyAsync(Func<Activity?> find)
    {
        // A server span ends after its response is written, so it can reach the exporter just after the client has the answer.
        for (var waited = 0; waited < 10_000; waited += 20)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException("The span was never exported.");
    }
}
