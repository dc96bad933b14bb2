using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ModelHub.Web.Hosting;

/// <summary>
/// Reverse-proxy awareness and HTTPS policy. Behind a proxy that terminates TLS, <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are trusted only from <c>ModelHub:ReverseProxy:KnownProxies</c> (IP addresses) and
/// <c>ModelHub:ReverseProxy:KnownNetworks</c> (CIDR ranges), plus the loopback defaults.
/// </summary>
internal static class TransportSecurity
{
    public const string Section = "ModelHub:ReverseProxy";

    public static IServiceCollection AddModelHubTransportSecurity(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var section = configuration.GetSection(Section);
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is not an IP address."));
            }

            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                    ? range
                    : throw new InvalidOperationException($"{Section}:KnownNetworks: '{network}' is not a CIDR range such as 10.0.0.0/8."));
            }

            if (section.GetValue<int?>("ForwardLimit") is { } limit)
            {
                options.ForwardLimit = limit;
            }
        });
        return services;
    }

    /// <summary>First in the pipeline: the client address and scheme every later step sees are the proxy's view of them.</summary>
    public static WebApplication UseModelHubTransportSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.Use(RefusePagesOverPlainHttp);
        }

        return app;
    }

    // Pages set Secure cookies (antiforgery on every form), which ASP.NET Core refuses to do over plain HTTP with an
    // exception: say what is wrong instead of answering 500. Machine paths carry bearer tokens and no cookies.
    private static Task RefusePagesOverPlainHttp(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (context.Request.IsHttps || AuthenticationSetup.IsMachinePath(path) || IsProbeOrProtocolPath(path))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(
            "ModelHub serves its pages over HTTPS only. Open it with https://, or put it behind a reverse proxy that " +
            "terminates TLS and sends X-Forwarded-Proto (README: \"HTTPS and reverse proxies\").");
    }

    private static bool IsProbeOrProtocolPath(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments("/simulator");
}
