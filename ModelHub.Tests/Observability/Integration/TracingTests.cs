using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ModelHub.Tests.Observability.Integration;

/// <summary>The app's own trace description, exported to memory instead of OTLP.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task An_API_request_is_one_trace_with_its_EF_Core_spans_and_no_secret_in_any_attribute()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var app = new TracedApp(spans);
        var engineer = await app.CreateUserAsync("engineer@example.com", "correct-horse-battery-7", Roles.Engineer);
        var token = await app.IssueTokenAsync(engineer.Id);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync($"/api/datasets?includeArchived=true&token={token}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var request = await EventuallyAsync(() => spans.FirstOrDefault(s =>
            s.Source.Name == "Microsoft.AspNetCore" && (s.GetTagItem("url.path") as string) == "/api/datasets"));
        var queries = spans.Where(s => s.TraceId == request.TraceId && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(queries);
        Assert.Equal("includeArchived=Redacted&token=Redacted", (request.GetTagItem("url.query") as string)?.TrimStart('?'));

        var leaks = spans.Where(s => s.TraceId == request.TraceId)
            .SelectMany(s => s.TagObjects.Select(t => (Span: s.DisplayName, t.Key, Value: t.Value?.ToString() ?? "")))
            .Where(t => t.Value.Contains(token, StringComparison.Ordinal) || t.Key.StartsWith("db.query.parameter", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(leaks);
    }

    [Fact]
    public async Task The_service_is_called_modelhub_unless_OTEL_SERVICE_NAME_says_otherwise()
    {
        await using (var plain = new TracedApp(new ConcurrentQueue<Activity>()))
        {
            Assert.Equal("modelhub", ServiceName(plain));
        }

        await using var named = new TracedApp(new ConcurrentQueue<Activity>(), ("OTEL_SERVICE_NAME", "modelhub-eu-1"));
        Assert.Equal("modelhub-eu-1", ServiceName(named));
    }

    private static string? ServiceName(TracedApp app) =>
        app.Services.GetRequiredService<TracerProvider>().GetResource().Attributes.FirstOrDefault(a => a.Key == "service.name").Value as string;

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

        throw new Xunit.Sdk.XunitException("The request's span was never exported.");
    }
}
