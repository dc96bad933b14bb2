using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using ModelHub.Core.Identity;

namespace ModelHub.Web.Endpoints;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with an antiforgery token, so no other site can sign our users out. Checked here rather than by
        // form binding, so a missing token is a plain 400 (rendered by the status page) and never an exception.
        app.MapPost("/account/logout", async Task<IResult> (HttpContext http, IAntiforgery antiforgery, SignInManager<ModelHubUser> signIn) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    return TypedResults.StatusCode(StatusCodes.Status400BadRequest);
                }

                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect("/account/login");
            })
            .DisableAntiforgery()
            // The sign-out page has the same address; without form binding nothing else makes this endpoint the better match.
            .WithOrder(-1)
            .ExcludeFromDescription();
    }
}
