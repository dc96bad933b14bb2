using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Webhooks.Integration;

public sealed class WebhookApiTests(WebhookApiTests.App fixture) : IClassFixture<WebhookApiTests.App>
{
    private const string Secret = "a-signing-secret-of-32-characters";
    private readonly ModelHubFactory app = fixture.Factory;
    private WebhookApi Admin => fixture.Admin;

    /// <summary>One app for the class: these tests only add endpoints of their own, so they can share it.</summary>
    public sealed class App : IAsyncLifetime
    {
        public ModelHubFactory Factory { get; } = new();

        public WebhookApi Admin { get; private set; } = null!;

        public async Task InitializeAsync() => Admin = await WebhookApi.AdminAsync(Factory);

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    public static TheoryData<string, string> RefusedUrls => new()
    {
        { "ftp://hooks.example.com/x", "invalid-url" },
        { "file:///etc/passwd", "invalid-url" },
        { "not a url", "invalid-url" },
        { "https://user:pass@hooks.example.com/x", "invalid-url" },
        { "http://127.0.0.1:8080/hook", "private-target" },
        { "http://localhost/hook", "private-target" },
        { "http://api.localhost/hook", "private-target" },
        { "http://[::1]/hook", "private-target" },
        { "http://10.1.2.3/hook", "private-target" },
        { "http://172.20.0.1/hook", "private-target" },
        { "http://192.168.1.10/hook", "private-target" },
        { "http://169.254.169.254/latest/meta-data", "private-target" },
        { "http://0.0.0.0/hook", "private-target" },
        { "http://[fd00::1]/hook", "private-target" },
        { "http://[::ffff:127.0.0.1]/hook", "private-target" },
    };

    [Theory]
    [MemberData(nameof(RefusedUrls))]
    public async Task A_url_that_is_not_public_http_is_refused_with_400(string url, string code)
    {
        using var response = await Admin.Http.PostAsJsonAsync("/api/webhooks", new { url, secret = Secret, events = new[] { "rollback" }, enabled = true });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, code, "url");
    }

    [Fact]
    public async Task An_unknown_event_is_refused_with_400_naming_it()
    {
        using var response = await Admin.Http.PostAsJsonAsync("/api/webhooks",
            new { url = "https://hooks.example.com/x", secret = Secret, events = new[] { "rollback", "model.exploded" }, enabled = true });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "unknown-event", "events");
        Assert.Contains("model.exploded", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("""{"url":"https://hooks.example.com/x","secret":"short","events":["rollback"]}""", "invalid-secret")]
    [InlineData("""{"url":"https://hooks.example.com/x","events":["rollback"]}""", "invalid-secret")]
    [InlineData("""{"url":"https://hooks.example.com/x","secret":"a-signing-secret-of-32-characters","events":[]}""", "invalid-events")]
    [InlineData("""{"url":"https://hooks.example.com/x","secret":"a-signing-secret-of-32-characters"}""", "invalid-events")]
    [InlineData("""{"url":"https://hooks.example.com/x","secret":"a-signing-secret-of-32-characters","events":["rollback"],"format":"xml"}""", "invalid-format")]
    [InlineData("""{"secret":"a-signing-secret-of-32-characters","events":["rollback"]}""", "invalid-url")]
    public async Task Bad_bodies_get_a_specific_400(string body, string code)
    {
        using var response = await Admin.Http.PostAsync("/api/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, code, null);
    }

    [Theory]
    [InlineData("""{"url": """)]
    [InlineData("""{"url":"https://hooks.example.com/x","secret":"a-signing-secret-of-32-characters","events":"rollback"}""")]
    [InlineData("""{"url":"https://hooks.example.com/x","secret":"a-signing-secret-of-32-characters","events":["rollback"],"enabled":"yes"}""")]
    public async Task Malformed_json_gets_400_not_500(string body)
    {
        using var response = await Admin.Http.PostAsync("/api/webhooks", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_url_is_refused_with_400()
    {
        var url = "https://hooks.example.com/" + new string('a', 3000);
        using var response = await Admin.Http.PostAsJsonAsync("/api/webhooks", new { url, secret = Secret, events = new[] { "rollback" } });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-url", "url");
    }

    [Fact]
    public async Task The_secret_is_never_returned_listed_or_audited_and_the_endpoint_can_be_changed_and_deleted()
    {
        using var created = await Admin.Http.PostAsJsonAsync("/api/webhooks",
            new { url = "https://hooks.example.com/modelhub", secret = Secret, events = new[] { "rollback", "alias.set" }, enabled = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        var id = (int)JsonNode.Parse(body)!["id"]!;
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.DoesNotContain(Secret, body);
        Assert.Equal("••••••••ters", (string?)JsonNode.Parse(body)!["secret"]);
        Assert.Equal(["rollback", "alias.set"], JsonNode.Parse(body)!["events"]!.AsArray().Select(e => (string)e!));

        using var changed = await Admin.Http.PutAsJsonAsync($"/api/webhooks/{id}",
            new { url = "https://hooks.example.com/other", events = new[] { "rollback" }, enabled = false, secret = (string?)null });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var one = JsonNode.Parse(await Admin.Http.GetStringAsync($"/api/webhooks/{id}"))!;
        Assert.Equal("https://hooks.example.com/other", (string?)one["url"]);
        Assert.False((bool)one["enabled"]!);
        Assert.Equal("••••••••ters", (string?)one["secret"]);

        var list = await Admin.Http.GetStringAsync("/api/webhooks");
        Assert.DoesNotContain(Secret, list);
        Assert.Empty(await Admin.DeliveriesAsync(id));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.Http.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.Http.GetAsync($"/api/webhooks/{id}")).StatusCode);

        var audited = await JobsApi.WithDbAsync(app.Services, db => db.AuditEntries.Where(e => e.ObjectType == "webhook" && e.ObjectId == id.ToString()).ToListAsync());
        Assert.Equal(["webhook.created", "webhook.updated", "webhook.deleted"], audited.OrderBy(e => e.Sequence).Select(e => e.Action));
        Assert.All(audited, e => Assert.DoesNotContain(Secret, $"{e.Before}{e.After}{e.Reason}"));
        Assert.False(await JobsApi.WithDbAsync(app.Services, db => db.WebhookEndpoints.AnyAsync(e => e.Id == id)));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted()
    {
        var id = (int)JsonNode.Parse(await (await Admin.Http.PostAsJsonAsync("/api/webhooks",
            new { url = "https://hooks.example.com/modelhub", secret = Secret, events = new[] { "rollback" } })).Content.ReadAsStringAsync())!["id"]!;

        var row = await JobsApi.WithDbAsync(app.Services, db => db.WebhookEndpoints.SingleAsync(e => e.Id == id));
        Assert.DoesNotContain(Secret, row.ProtectedSecret);
        Assert.NotEmpty(row.ProtectedSecret);
    }

    [Fact]
    public async Task Unknown_ids_get_404()
    {
        var put = new { url = "https://hooks.example.com/x", events = new[] { "rollback" } };
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.Http.GetAsync("/api/webhooks/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.Http.PutAsJsonAsync("/api/webhooks/999", put)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.Http.DeleteAsync("/api/webhooks/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.Http.GetAsync("/api/webhooks/999/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.Http.PostAsync($"/api/webhooks/999/deliveries/{Guid.NewGuid()}/redeliver", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.Http.GetAsync("/api/webhooks/999/deliveries?take=100000")).StatusCode);
    }

    [Fact]
    public async Task Non_admins_get_403_and_anonymous_callers_401()
    {
        var engineer = await WebhookApi.SignInAsync(app, $"eng-{Guid.NewGuid():N}@example.com", Roles.Engineer, Roles.Reviewer, Roles.OnCall);
        var body = new { url = "https://hooks.example.com/forbidden", secret = Secret, events = new[] { "rollback" } };

        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.PostAsJsonAsync("/api/webhooks", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.DeleteAsync("/api/webhooks/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.Http.GetAsync("/api/webhooks/1/deliveries")).StatusCode);
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/webhooks", body)).StatusCode);
        Assert.False(await JobsApi.WithDbAsync(app.Services, db => db.WebhookEndpoints.AnyAsync(e => e.Url == body.url)));
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, (string?)problem["code"]);
        if (field is not null)
        {
            Assert.Equal(field, (string?)problem["field"]);
        }

        return problem;
    }
}
