using System.Net;
using System.Net.Http.Json;
using ModelHub.Tests.Observability.Unit;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Observability.Integration;

public sealed class ReadinessTests
{
    private sealed record Report(string Status, Dictionary<string, string> Checks);

    [Fact]
    public async Task Readiness_is_healthy_when_the_database_and_the_provider_answer()
    {
        // Real HTTP, so the built-in simulator (the provider without a key) is reachable at the app's own address.
        await using var app = new ModelHubFactory(realHttp: true);
        using var client = new HttpClient { BaseAddress = app.ServerAddress };

        using var response = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<Report>())!;
        Assert.Equal("Healthy", report.Status);
        Assert.Equal(new Dictionary<string, string> { ["database"] = "Healthy", ["provider"] = "Healthy" }, report.Checks);
    }

    [Fact]
    public async Task A_provider_outage_leaves_the_instance_ready_but_degraded_and_names_nothing_but_the_checks()
    {
        var port = ClosedPort.Find();
        const string Key = "sk-readiness-test-key-1234";
        await using var app = new ModelHubFactory(settings: new Dictionary<string, string?>
        {
            ["HolySheep:ApiKey"] = Key,
            ["HolySheep:BaseUrl"] = $"http://127.0.0.1:{port}/v1",
            ["HolySheep:MaxRetries"] = "0",
        });

        using var response = await app.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var report = System.Text.Json.JsonSerializer.Deserialize<Report>(body, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal("Degraded", report.Status);
        Assert.Equal(new Dictionary<string, string> { ["database"] = "Healthy", ["provider"] = "Degraded" }, report.Checks);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), body);
        Assert.DoesNotContain(Key, body);
        Assert.DoesNotContain(Key, app.Logs.All);

        // Liveness does not look at dependencies at all.
        Assert.Equal("Healthy", await app.CreateClient().GetStringAsync("/healthz"));
    }
}
