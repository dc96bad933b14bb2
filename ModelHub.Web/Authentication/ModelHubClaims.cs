using System.Globalization;
using System.Security.Claims;
using ModelHub.Core.Audit;

namespace ModelHub.Web.Authentication;

internal static class ModelHubClaims
{
    /// <summary>Present when the request authenticated with a personal access token.</summary>
    public const string AccessTokenId = "modelhub:token";

    /// <summary>When the presented access token expires (round-trip UTC).</summary>
    public const string AccessTokenExpires = "modelhub:token-expires";

    /// <summary>Present when the access token was issued by someone else: the issuer's id (empty when not recorded).</summary>
    public const string AccessTokenIssuerId = "modelhub:token-issuer-id";

    /// <summary>Present with <see cref="AccessTokenIssuerId"/>: the issuer's e-mail, as the audit log names them.</summary>
    public const string AccessTokenIssuer = "modelhub:token-issuer";

    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user has no id claim.");

    /// <summary>The signed-in user as the audit log names them: id and e-mail, and how their access token was issued.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var actor = Actor.User(user.UserId(), user.Identity?.Name);
        if (user.FindFirstValue(AccessTokenExpires) is { } expires)
        {
            actor = actor with { TokenExpiresAt = DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) };
        }

        if (user.FindFirst(AccessTokenIssuerId) is { } issuerId)
        {
            actor = actor with
            {
                TokenIssuer = new Actor(issuerId.Value.Length == 0 ? null : issuerId.Value, user.FindFirstValue(AccessTokenIssuer) ?? issuerId.Value),
            };
        }

        return actor;
    }
}
