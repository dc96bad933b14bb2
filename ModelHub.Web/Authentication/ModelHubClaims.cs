using System.Security.Claims;
using ModelHub.Core.Audit;

namespace ModelHub.Web.Authentication;

internal static class ModelHubClaims
{
    /// <summary>Present when the request authenticated with a personal access token.</summary>
    public const string AccessTokenId = "modelhub:token";

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user has no id claim.");

    /// <summary>The signed-in user as the audit log names them: id and e-mail.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) => Actor.User(user.UserId(), user.Identity?.Name);
}
