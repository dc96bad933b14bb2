using System.Reflection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ModelHub.Web.Observability;

/// <summary>
/// OpenTelemetry traces and metrics: ASP.NET Core (with SignalR and Blazor), HttpClient, EF Core, the runtime and
/// ModelHub's own meters. Exporters follow the standard <c>OTEL_*</c> variables; nothing is exported without them.
/// </summary>
internal static class Telemetry
{
    /// <summary>The service name unless <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c> says otherwise.</summary>
    public const string DefaultServiceName = "modelhub";

    /// <summary>Every ModelHub meter and activity source is named <c>ModelHub.&lt;Feature&gt;</c>; new ones are exported unchanged.</summary>
    public const string ModelHubInstruments = "ModelHub.*";

    private static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.EntityFrameworkCore",
    ];

    public static IServiceCollection AddModelHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // What to trace and measure is always described; a tracer or meter provider exists only when something exports,
        // so a laptop run spends nothing on spans nobody reads (tests add an in-memory exporter to the same description).
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(ModelHubInstruments)
            .AddAspNetCoreInstrumentation(options => options.Filter = context => !Probes.IsProbe(context.Request.Path))
            .AddHttpClientInstrumentation()
            // Statement text only: parameter values (token and password hashes, dataset text) are off by default, and a test holds that.
            .AddEntityFrameworkCoreInstrumentation());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddMeter(ModelHubInstruments)
            .AddMeter(FrameworkMeters)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation());

        var openTelemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource
            .Clear()
            .AddService(DefaultServiceName, serviceVersion: Version())
            .AddTelemetrySdk()
            // Last, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the defaults above.
            .AddEnvironmentVariableDetector());

        if (MetricsScrape.Token(configuration) is not null)
        {
            openTelemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Logs, metrics and traces, with the protocol, headers and intervals from the other OTEL_EXPORTER_OTLP_* variables.
            openTelemetry.UseOtlpExporter();
        }

        return services;
    }

    private static string? Version() =>
        typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}
