using ModelHub.Web.Endpoints;

namespace ModelHub.Web.Gateway;

/// <summary>
/// Serves <c>/v1</c> from a pipeline of its own, branched off right after the forwarded headers, HSTS and the HTTPS
/// page guard: the gateway's hot path skips what only pages and the cookie API need (error pages rendered as pages,
/// routing over every page and API endpoint, authorization policies, antiforgery). What <c>/v1</c> answers is
/// unchanged: the same endpoints, the same bearer authentication (the app's default scheme), ProblemDetails for an
/// unhandled failure as on the other machine paths, and hosting's request span and metrics when telemetry is on.
/// </summary>
internal static class GatewayBranch
{
    public static WebApplication UseGatewayBranch(this WebApplication app)
    {
        // A builder of its own, not app.New(): a branch of the WebApplication would route over the app's global
        // endpoint table, every page and API endpoint included.
        var gateway = new ApplicationBuilder(app.Services);
        gateway.UseExceptionHandler();
        gateway.UseStatusCodePages();
        gateway.UseRouting();
        // Every /v1 endpoint is anonymous to the app's policies: GatewayAuthFilter refuses in OpenAI's error shape, so
        // neither the authorization nor the antiforgery middleware has anything to decide here.
        gateway.UseAuthentication();
        // Mapped here only: UseEndpoints also registers them with the app's endpoint data sources (RouteOptions), so
        // the app's endpoint list, which the access tests walk, still holds them; the app's own routing never sees /v1.
        gateway.UseEndpoints(endpoints => endpoints.MapGatewayEndpoints());
        var serve = gateway.Build();

        app.MapWhen(IsGatewayPath, branch => branch.Run(serve));
        return app;
    }

    public static bool IsGatewayPath(HttpContext context) => context.Request.Path.StartsWithSegments(GatewayEndpoints.Prefix);
}
