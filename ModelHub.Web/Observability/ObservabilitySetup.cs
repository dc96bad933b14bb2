namespace ModelHub.Web.Observability;

/// <summary>Composition of what operators watch: telemetry, health probes, the scrape endpoint and the log format.</summary>
internal static class ObservabilitySetup
{
    public static WebApplicationBuilder AddModelHubObservability(this WebApplicationBuilder builder)
    {
        builder.Logging.AddModelHubConsoleFormat(builder.Configuration);
        builder.Services.AddModelHubTelemetry(builder.Configuration);
        builder.Services.AddModelHubHealthChecks();
        return builder;
    }

    public static WebApplication MapModelHubObservability(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapMetricsScrape();
        return app;
    }
}
