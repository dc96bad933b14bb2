using System.Security.Claims;

namespace ModelHub.Web.Authentication;

internal static class ModelHubClaims
{
    /// <summary>Present when the request authenticated with a personal access token.</summary>
    public const string AccessTokenId = "modelhub:token";

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user has no id claim.");
}
