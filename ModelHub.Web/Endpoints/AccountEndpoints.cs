using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ModelHub.Core.Identity;

namespace ModelHub.Web.Endpoints;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with an antiforgery token, so no other site can sign our users out.
        app.MapPost("/account/logout", async (SignInManager<ModelHubUser> signIn, [FromForm] string? returnUrl) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect("/account/login");
            })
            .ExcludeFromDescription();
    }
}
