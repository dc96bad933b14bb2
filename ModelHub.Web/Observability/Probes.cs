namespace ModelHub.Web.Observability;

/// <summary>The paths orchestrators and scrapers call every few seconds: served anonymously and left out of traces.</summary>
internal static class Probes
{
    public const string Liveness = "/healthz";

    public const string Readiness = "/readyz";

    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments(Liveness) || path.StartsWithSegments(Readiness) || path.StartsWithSegments(MetricsScrape.Path);
}
