using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelHub.Core.Data;

namespace ModelHub.Web.Observability;

/// <summary>
/// Liveness (<c>/healthz</c>) and readiness (<c>/readyz</c>), both anonymous. Readiness runs every check tagged
/// <see cref="ReadyTag"/>: a dependency an instance needs to serve (a Redis or lease check joins by adding a check with
/// the tag). Unhealthy answers 503; Healthy and Degraded answer 200.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public const string LiveTag = "live";

    public static IServiceCollection AddModelHubHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<ProviderReachabilityCheck>();
        services.AddHealthChecks()
            .AddDbContextCheck<ModelHubDbContext>("database", tags: [ReadyTag])
            // Degraded at worst: without the provider, rollback, aliases and the resolve API still work, so the instance
            // must stay in rotation.
            .AddCheck<ProviderReachabilityCheck>("provider", failureStatus: HealthStatus.Degraded, tags: [ReadyTag]);
        return services;
    }

    public static void MapHealthEndpoints(this WebApplication app)
    {
        // No dependency is checked for liveness: an outage elsewhere must not get every instance restarted.
        app.MapHealthChecks(Probes.Liveness, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapHealthChecks(Probes.Readiness, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        }).AllowAnonymous();
    }

    /// <summary>
    /// Check names and statuses only: descriptions and exceptions can name hosts, files and provider answers. Whether this
    /// instance runs the background work is information, not a check: an instance without the lease serves requests as well.
    /// </summary>
    private static Task WriteReadinessAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new ReadinessReport(
            report.Status.ToString(),
            report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString()),
            context.RequestServices.GetRequiredService<Core.Scaleout.BackgroundWorkLease>().IsHeld));

    private sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, string> Checks, bool HoldsLease);
}
