using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ModelHub.Core.Identity;

namespace ModelHub.Web.Authentication;

/// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> (or <c>?access_token=</c> on hubs) as the token's owner, with the owner's roles.</summary>
internal sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";

    // The owner's claims, built once per cached TokenOwner: AccessTokenCache hands out the same instance until the entry
    // ages out (30 s) or is forgotten (revocation, role or status change), and a new instance gets its claims rebuilt.
    // Without this every API request paid four database reads (user, roles, claims) — the resolve API's bottleneck.
    private static readonly ConditionalWeakTable<TokenOwner, Claim[]> ClaimsByOwner = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = BearerSecret.From(Request);
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        var owner = await validator.ValidateAsync(secret, Context.RequestAborted);
        if (owner is null)
        {
            return AuthenticateResult.Fail("The access token is unknown, revoked or expired.");
        }

        if (!ClaimsByOwner.TryGetValue(owner, out var claims))
        {
            // Resolved only on a miss: as constructor dependencies, UserManager and the claims factory (and the stores and
            // DbContext behind them) were built on every bearer request, cache hit or not — the resolve API's largest cost.
            var users = Context.RequestServices.GetRequiredService<UserManager<ModelHubUser>>();
            var user = await users.FindByIdAsync(owner.UserId);
            if (user is null || user.IsDisabled)
            {
                return AuthenticateResult.Fail("The access token's user is disabled.");
            }

            var principal = await Context.RequestServices.GetRequiredService<IUserClaimsPrincipalFactory<ModelHubUser>>().CreateAsync(user);
            claims =
            [
                .. principal.Claims,
                new Claim(ModelHubClaims.AccessTokenId, owner.TokenId.ToString(CultureInfo.InvariantCulture)),
                new Claim(ModelHubClaims.AccessTokenExpires, owner.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)),
                .. await IssuerClaimsAsync(owner, users),
            ];
            ClaimsByOwner.AddOrUpdate(owner, claims);
        }

        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // Someone else's token acts for its owner but names its issuer, and may not approve (see ApprovePromotion).
    private static async Task<Claim[]> IssuerClaimsAsync(TokenOwner owner, UserManager<ModelHubUser> users)
    {
        if (owner.IsOwnersOwn)
        {
            return [];
        }

        var issuer = owner.IssuedById is null ? null : await users.FindByIdAsync(owner.IssuedById);
        return
        [
            new Claim(ModelHubClaims.AccessTokenIssuerId, owner.IssuedById ?? ""),
            new Claim(ModelHubClaims.AccessTokenIssuer, issuer?.Email ?? owner.IssuedById ?? "an unrecorded issuer"),
        ];
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
