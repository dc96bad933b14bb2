using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace ModelHub.Web.Authentication;

/// <summary>
/// Every state-changing <c>/api</c> call made with the sign-in cookie must carry the antiforgery header: browsers attach
/// the cookie to any cross-site request, with or without a body. Bearer calls cannot be forged that way and need none.
/// </summary>
internal static class ApiAntiforgery
{
    public const string Code = "antiforgery";

    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) =>
        app.UseWhen(NeedsCheck, api => api.Use(async (context, next) =>
        {
            if (await RefusalAsync(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await next(context);
        }));

    private static bool NeedsCheck(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        && !HttpMethods.IsGet(context.Request.Method)
        && !HttpMethods.IsHead(context.Request.Method)
        && !HttpMethods.IsOptions(context.Request.Method)
        && !HttpMethods.IsTrace(context.Request.Method)
        && context.User.Identity?.IsAuthenticated == true
        && !context.User.HasClaim(c => c.Type == ModelHubClaims.AccessTokenId);

    private static async Task<IResult?> RefusalAsync(HttpContext context)
    {
        var header = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName;
        // Without the header the validator would fall back to reading the form: a whole upload in memory.
        if (header is null || !context.Request.Headers.ContainsKey(header))
        {
            return Problem($"Send the antiforgery token in the '{header}' header, or authenticate with a bearer token.");
        }

        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Problem("The antiforgery token is missing or invalid; reload the page and try again.");
        }
    }

    private static IResult Problem(string detail) => TypedResults.Problem(
        title: "Antiforgery check failed",
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        type: Code,
        extensions: new Dictionary<string, object?> { ["code"] = Code });
}
