using ModelHub.Web.Endpoints;

namespace ModelHub.Web.Gateway;

/// <summary>
/// Serves <c>/v1</c> from a pipeline of its own, branched off right after the forwarded headers, HSTS and the HTTPS
/// page guard: the gateway's hot path skips what only pages and the cookie API need (error pages rendered as pages,
/// routing over every page and API endpoint, authorization policies, antiforgery), which the benchmark showed to be
/// most of the gateway's cost per call. What <c>/v1</c> answers is unchanged: the same endpoints, the same bearer
/// authentication (the app's default scheme), ProblemDetails for an unhandled failure, as on the other machine paths.
/// </summary>
internal static class GatewayBranch
{
    public static IApplicationBuilder UseGatewayBranch(this IApplicationBuilder app)
    {
        // A builder of its own, not app.New(): a branch of the WebApplication would route over the app's global
        // endpoint table. Its endpoints still join the app's endpoint data sources, so OpenAPI describes them.
        var gateway = new ApplicationBuilder(app.ApplicationServices);
        gateway.UseExceptionHandler();
        gateway.UseStatusCodePages();
        gateway.UseRouting();
        // Every /v1 endpoint is anonymous to the app's policies: GatewayAuthFilter refuses in OpenAI's error shape, so
        // neither the authorization nor the antiforgery middleware has anything to decide here.
        gateway.UseAuthentication();
        gateway.UseEndpoints(endpoints => endpoints.MapGatewayEndpoints());
        var serve = gateway.Build();

        return app.MapWhen(IsGatewayPath, branch => branch.Run(serve));
    }

    public static bool IsGatewayPath(HttpContext context) => context.Request.Path.StartsWithSegments(GatewayEndpoints.Prefix);
}
