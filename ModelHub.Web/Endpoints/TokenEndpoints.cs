using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>Personal access tokens: a user's own (<c>/api/me/tokens</c>) and, for Admins, anyone's (<c>/api/users/{id}/tokens</c>).</summary>
internal static class TokenEndpoints
{
    public sealed record IssueTokenRequest(string? Name, int? ExpiresInDays);

    public sealed record CurrentUser(string Id, string Email, IReadOnlyList<string> Roles);

    private const int DefaultLifetimeDays = 90;

    public static void MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Me");
        me.MapGet("/", (ClaimsPrincipal user) => TypedResults.Ok(new CurrentUser(
                user.UserId(), user.Identity?.Name ?? "", [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order()])))
            .WithSummary("Who the caller is, and their roles.");
        me.MapGet("/tokens", (ClaimsPrincipal user, AccessTokens tokens, CancellationToken ct) => ListAsync(user.UserId(), tokens, ct));
        me.MapPost("/tokens", (IssueTokenRequest request, ClaimsPrincipal user, AccessTokens tokens, CancellationToken ct) => IssueAsync(user.UserId(), request, user, tokens, ct));
        me.MapDelete("/tokens/{tokenId:int}", (int tokenId, ClaimsPrincipal user, AccessTokens tokens, CancellationToken ct) => RevokeAsync(user.UserId(), tokenId, user, tokens, ct));

        var admin = app.MapGroup("/api/users/{id}/tokens").WithTags("Users").RequireAuthorization(Policies.CanAdminister);
        admin.MapGet("/", (string id, AccessTokens tokens, CancellationToken ct) => ListAsync(id, tokens, ct));
        admin.MapPost("/", (string id, IssueTokenRequest request, ClaimsPrincipal me, AccessTokens tokens, CancellationToken ct) => IssueAsync(id, request, me, tokens, ct))
            .WithSummary("Issues a token for a user; the response holds the secret, shown this once.");
        admin.MapDelete("/{tokenId:int}", (string id, int tokenId, ClaimsPrincipal me, AccessTokens tokens, CancellationToken ct) => RevokeAsync(id, tokenId, me, tokens, ct));
    }

    private static async Task<Ok<IReadOnlyList<AccessTokenSummary>>> ListAsync(string userId, AccessTokens tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(userId, ct));

    private static async Task<Results<Created<IssuedAccessToken>, ProblemHttpResult>> IssueAsync(
        string userId, IssueTokenRequest request, ClaimsPrincipal actor, AccessTokens tokens, CancellationToken ct)
    {
        var issued = await tokens.IssueAsync(userId, request.Name, request.ExpiresInDays ?? DefaultLifetimeDays, actor.ToActor(), ct: ct);
        return issued.Succeeded
            ? TypedResults.Created($"/api/users/{userId}/tokens/{issued.Value.Id}", issued.Value)
            : Problems.From(issued.Error!);
    }

    private static async Task<Results<Ok<AccessTokenSummary>, ProblemHttpResult>> RevokeAsync(
        string userId, int tokenId, ClaimsPrincipal actor, AccessTokens tokens, CancellationToken ct)
    {
        var revoked = await tokens.RevokeAsync(userId, tokenId, actor.ToActor(), ct);
        return revoked.Succeeded ? TypedResults.Ok(revoked.Value) : Problems.From(revoked.Error!);
    }
}
