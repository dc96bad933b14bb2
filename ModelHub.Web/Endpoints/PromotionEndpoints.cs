using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>Stages, promotion requests, rollback and the deployment timeline: the same use cases the pages call.</summary>
internal static class PromotionEndpoints
{
    public sealed record StageRequest(string? Stage, string? Reason);

    public sealed record NewPromotionRequest(string? Model, int? Version, string? Comment);

    public sealed record DecisionRequest(string? Comment);

    public sealed record RollbackRequest(int? ToVersion, string? Reason);

    /// <summary>A request as the API shows it.</summary>
    public sealed record PromotionResponse(
        int Id, string Model, int Version, string Status, string RequestedBy, DateTimeOffset RequestedAt, string? Comment,
        EvidenceResponse Evidence, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionComment);

    public sealed record EvidenceResponse(int GateRunId, EvaluationScores? Metrics, IReadOnlyList<GateRuleResult> Rules,
        IReadOnlyList<ProductionComparison> NotWorseThanProduction, ProductionEvidence? Production, ConfusionMatrix? Confusion);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapPromotionEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Promotions").RequireAuthorization(Policies.CanView);

        models.MapPost("/{name}/versions/{version:int}/stage", async Task<Results<JsonHttpResult<ChangeStage.StageChanged>, ProblemHttpResult>> (
                string name, int version, StageRequest request, ChangeStage change, ClaimsPrincipal me, CancellationToken ct) =>
            {
                if (!InputLimits.TryParseName<ModelStage>(request.Stage, out var stage))
                {
                    return Problems.From(Error.Validation("stage must be Staging, None or Archived.", "stage"));
                }

                var changed = await change.ChangeAsync(name, version, stage, request.Reason, me.ToActor(), ct);
                return changed.Succeeded ? TypedResults.Json(changed.Value, Json) : Problems.From(changed.Error!);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Moves a version to Staging (the previous Staging version goes back to None), None or Archived. Production only via approval or rollback.");

        models.MapPost("/{name}/rollback", async Task<Results<JsonHttpResult<RollBack.RolledBack>, ProblemHttpResult>> (
                string name, RollbackRequest request, RollBack rollBack, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var done = await rollBack.RollBackAsync(name, request.ToVersion, request.Reason, me.ToActor(), ct);
                return done.Succeeded ? TypedResults.Json(done.Value, Json) : Problems.From(done.Error!);
            })
            .RequireAuthorization(Policies.CanRollback)
            .WithSummary("Restores the previous production version (or toVersion, which must have been in production before). reason is required.");

        models.MapGet("/{name}/deployments", async Task<Results<JsonHttpResult<IReadOnlyList<DeploymentView>>, ProblemHttpResult>> (
                string name, DateTimeOffset? at, DeploymentHistory history, CancellationToken ct) =>
                await history.ListAsync(name, at, ct) is { } list ? TypedResults.Json(list, Json) : Problems.From(Error.NotFound($"Model '{name}'")))
            .WithSummary("What was in production when, newest first; with at=<ISO time>, only the period covering that instant (empty if none).");

        var promotions = app.MapGroup("/api/promotions").WithTags("Promotions").RequireAuthorization(Policies.CanView);

        promotions.MapGet("/", async Task<Results<JsonHttpResult<IEnumerable<PromotionResponse>>, ProblemHttpResult>> (
                string? status, string? model, PromotionQueries queries, CancellationToken ct) =>
            {
                PromotionStatus? wanted = null;
                if (status is not null)
                {
                    if (!InputLimits.TryParseName<PromotionStatus>(status, out var parsed))
                    {
                        return Problems.From(Error.Validation("status must be Pending, Approved, Rejected, Stale or Withdrawn.", "status"));
                    }

                    wanted = parsed;
                }

                var list = await queries.ListAsync(wanted, model, ct: ct);
                return TypedResults.Json(list.Select(ToResponse), Json);
            })
            .WithSummary("Promotion requests, newest first; status=Pending for the review queue. Pending requests whose evidence no longer holds show as Stale.");

        promotions.MapGet("/{id:int}", async Task<Results<JsonHttpResult<PromotionResponse>, ProblemHttpResult>> (int id, PromotionQueries queries, CancellationToken ct) =>
                await queries.GetAsync(id, ct) is { } view ? TypedResults.Json(ToResponse(view), Json) : Problems.From(Error.NotFound($"Promotion request {id}")))
            .WithSummary("One promotion request with its frozen evidence.");

        promotions.MapPost("/", async Task<Results<JsonHttpResult<PromotionResponse>, ProblemHttpResult>> (
                NewPromotionRequest request, RequestPromotion create, PromotionQueries queries, ClaimsPrincipal me, HttpContext http, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(request.Model) || request.Version is not { } version)
                {
                    return Problems.From(Error.Validation("model and version are required.", request.Model is null ? "model" : "version"));
                }

                var created = await create.RequestAsync(request.Model, version, request.Comment, me.ToActor(), ct);
                if (!created.Succeeded)
                {
                    return Problems.From(created.Error!);
                }

                http.Response.Headers.Location = $"/api/promotions/{created.Value}";
                return TypedResults.Json(ToResponse((await queries.GetAsync(created.Value, ct))!), Json, statusCode: StatusCodes.Status201Created);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Requests promotion of a Staging version whose latest gate run passed (409 gate-not-passed otherwise).");

        promotions.MapPost("/{id:int}/approve", async Task<Results<JsonHttpResult<PromotionResponse>, ProblemHttpResult>> (
                int id, DecisionRequest? request, ApprovePromotion approve, PromotionQueries queries, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var done = await approve.ApproveAsync(id, request?.Comment, me.ToActor(), ct);
                return done.Succeeded ? TypedResults.Json(ToResponse((await queries.GetAsync(id, ct))!), Json) : Problems.From(done.Error!);
            })
            .RequireAuthorization(Policies.CanApprove)
            .WithSummary("Approves and promotes at once. 403 four-eyes for the requester or the job's launcher (Admins too); 409 stale-request when the evidence no longer holds.");

        promotions.MapPost("/{id:int}/reject", async Task<Results<JsonHttpResult<PromotionResponse>, ProblemHttpResult>> (
                int id, DecisionRequest? request, RejectPromotion reject, PromotionQueries queries, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var done = await reject.RejectAsync(id, request?.Comment, me.ToActor(), ct);
                return done.Succeeded ? TypedResults.Json(ToResponse((await queries.GetAsync(id, ct))!), Json) : Problems.From(done.Error!);
            })
            .RequireAuthorization(Policies.CanApprove)
            .WithSummary("Rejects a pending request; comment is required.");

        promotions.MapPost("/{id:int}/withdraw", async Task<Results<JsonHttpResult<PromotionResponse>, ProblemHttpResult>> (
                int id, WithdrawPromotion withdraw, PromotionQueries queries, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var done = await withdraw.WithdrawAsync(id, me.ToActor(), ct);
                return done.Succeeded ? TypedResults.Json(ToResponse((await queries.GetAsync(id, ct))!), Json) : Problems.From(done.Error!);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("The requester withdraws a pending request.");

        return app;
    }

    private static PromotionResponse ToResponse(PromotionView v) => new(
        v.Id, v.Model, v.Version, v.Status.ToString(), v.RequestedBy, v.RequestedAt, v.Comment,
        new EvidenceResponse(v.Evidence.GateRunId, v.Evidence.Metrics, v.Evidence.Rules, v.Evidence.NotWorseThanProduction, v.Evidence.Production, v.Evidence.Confusion),
        v.DecidedBy, v.DecidedAt, v.DecisionComment);
}
