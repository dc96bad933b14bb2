using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using ModelHub.Core.Identity;
using ModelHub.Core.Simulator;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Simulator;

/// <summary>
/// Authenticates every simulator call as the real provider would, by its bearer key: ModelHub's own simulator key, or
/// the ModelHub access token of someone who may launch jobs (Engineer or Admin). Sign-in cookies are not accepted.
/// </summary>
internal sealed class SimulatorAuthFilter(SimulatorSecret secret) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return OpenAIErrors.Unauthorized("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }

        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        if (key.Length == 0)
        {
            return OpenAIErrors.Unauthorized("Incorrect API key provided. The Authorization header must be 'Bearer <key>'.");
        }

        if (secret.Matches(key))
        {
            return await next(context);
        }

        var user = await AccessTokenUserAsync(http);
        if (user is null)
        {
            return OpenAIErrors.Unauthorized("Incorrect API key provided. The simulator accepts ModelHub's own simulator key or a ModelHub access token of an Engineer or Admin.");
        }

        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        if (!(await authorization.AuthorizeAsync(user, Policies.CanLaunchJobs)).Succeeded)
        {
            return OpenAIErrors.Forbidden("Your ModelHub access token is valid, but only Engineers and Admins may use the simulator.");
        }

        return await next(context);
    }

    /// <summary>
    /// The token's owner through the app's own access-token scheme (unknown, revoked, expired tokens and disabled users
    /// fail there); null where the host has no such scheme, as a bare simulator host has not.
    /// </summary>
    private static async Task<System.Security.Claims.ClaimsPrincipal?> AccessTokenUserAsync(HttpContext http)
    {
        if (http.RequestServices.GetService<IAuthenticationSchemeProvider>() is not { } schemes
            || await schemes.GetSchemeAsync(AccessTokenAuthenticationHandler.SchemeName) is null)
        {
            return null;
        }

        var result = await http.AuthenticateAsync(AccessTokenAuthenticationHandler.SchemeName);
        return result.Succeeded ? result.Principal : null;
    }
}
