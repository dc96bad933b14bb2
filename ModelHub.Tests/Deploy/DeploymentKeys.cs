namespace ModelHub.Tests.Deploy;

/// <summary>The settings a deployment sets per instance beside <c>deploy/instance.env</c>, which holds everything else.</summary>
internal static class DeploymentKeys
{
    /// <summary>What differs per deployment or instance: addresses, folders, the trusted proxy.</summary>
    public static readonly string[] Addresses =
    [
        "ConnectionStrings__ModelHub", "ModelHub__Redis", "ModelHub__DataFolder", "HolySheep__BaseUrl", "ASPNETCORE_URLS",
        "ModelHub__ReverseProxy__KnownProxies__0", "ModelHub__DataProtection__CertificatePath", "OTEL_EXPORTER_OTLP_ENDPOINT",
    ];

    /// <summary>Secrets: never in a committed file, so never in instance.env.</summary>
    public static readonly string[] Secrets =
    [
        "HolySheep__ApiKey", "ModelHub__Metrics__ScrapeToken", "ModelHub__DataProtection__CertificatePassword",
    ];
}
