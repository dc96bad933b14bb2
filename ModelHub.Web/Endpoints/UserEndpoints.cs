using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>The Admin API for setting up users from scripts: <c>/api/users</c>.</summary>
internal static class UserEndpoints
{
    public sealed record CreateUserRequest(string? Email, string? Password, IReadOnlyList<string>? Roles);

    public sealed record SetRolesRequest(IReadOnlyList<string>? Roles);

    public sealed record ResetPasswordRequest(string? Password);

    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.CanAdminister);

        users.MapGet("/", async (UserAdministration admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(ct)))
            .WithSummary("Lists every user with their roles.");

        users.MapGet("/{id}", async Task<Results<Ok<UserSummary>, ProblemHttpResult>> (string id, UserAdministration admin, CancellationToken ct) =>
            await admin.GetAsync(id, ct) is { Succeeded: true } found ? TypedResults.Ok(found.Value) : Problems.From(Core.Common.Error.NotFound($"User '{id}'")));

        users.MapPost("/", async Task<Results<Created<UserSummary>, ProblemHttpResult>> (CreateUserRequest request, UserAdministration admin, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var created = await admin.CreateAsync(request.Email, request.Password, request.Roles, me.ToActor(), ct);
                return created.Succeeded
                    ? TypedResults.Created($"/api/users/{created.Value.Id}", created.Value)
                    : Problems.From(created.Error!);
            })
            .WithSummary("Creates a user with a password and roles.");

        users.MapPut("/{id}/roles", async Task<Results<Ok<UserSummary>, ProblemHttpResult>> (string id, SetRolesRequest request, UserAdministration admin, ClaimsPrincipal me, CancellationToken ct) =>
            Reply(await admin.SetRolesAsync(id, request.Roles, me.ToActor(), ct)))
            .WithSummary("Replaces a user's roles.");

        users.MapPost("/{id}/reset-password", async Task<Results<Ok<UserSummary>, ProblemHttpResult>> (string id, ResetPasswordRequest request, UserAdministration admin, ClaimsPrincipal me, CancellationToken ct) =>
            Reply(await admin.ResetPasswordAsync(id, request.Password, me.ToActor(), ct)))
            .WithSummary("Sets a new password for a user.");

        users.MapPost("/{id}/disable", async Task<Results<Ok<UserSummary>, ProblemHttpResult>> (string id, UserAdministration admin, ClaimsPrincipal me, CancellationToken ct) =>
            Reply(await admin.SetDisabledAsync(id, true, me.ToActor(), ct)))
            .WithSummary("Disables a user: no sign-in, no tokens.");

        users.MapPost("/{id}/enable", async Task<Results<Ok<UserSummary>, ProblemHttpResult>> (string id, UserAdministration admin, ClaimsPrincipal me, CancellationToken ct) =>
            Reply(await admin.SetDisabledAsync(id, false, me.ToActor(), ct)))
            .WithSummary("Enables a disabled user.");

        return users;
    }

    private static Results<Ok<UserSummary>, ProblemHttpResult> Reply(Core.Common.Result<UserSummary> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value) : Problems.From(result.Error!);
}
