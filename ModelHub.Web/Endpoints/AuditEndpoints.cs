using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;

namespace ModelHub.Web.Endpoints;

/// <summary>The audit log for people and scripts: <c>/api/audit</c>. Reading and verifying are open to every signed-in user.</summary>
internal static class AuditEndpoints
{
    /// <summary>The query string shared by the list and the export.</summary>
    public sealed record AuditQuery(
        [property: FromQuery(Name = "object")] string? Object,
        [property: FromQuery(Name = "actor")] string? Actor,
        [property: FromQuery(Name = "action")] string? Action,
        [property: FromQuery(Name = "from")] DateTimeOffset? From,
        [property: FromQuery(Name = "to")] DateTimeOffset? To)
    {
        public AuditFilter ToFilter() => new(Object, Actor, Action, From, To);
    }

    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.CanView);

        audit.MapGet("/", async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ([AsParameters] AuditQuery query, int? page, int? pageSize, AuditQueries queries, CancellationToken ct) =>
                InputLimits.Page(page ?? 1, pageSize ?? 50) is { } outOfRange
                    ? Problems.From(outOfRange)
                    : TypedResults.Ok(await queries.ListAsync(query.ToFilter(), page ?? 1, pageSize ?? 50, ct)))
            .WithSummary("Lists audit entries newest first: ?object= (\"type:id\" or text), &actor=, &action= (code or prefix), &from=, &to= (ISO-8601), &page=, &pageSize= (at most 200).");

        audit.MapGet("/export.csv", ([AsParameters] AuditQuery query, AuditQueries queries, CancellationToken ct) =>
                TypedResults.Stream(async body =>
                {
                    await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
                    await queries.WriteCsvAsync(query.ToFilter(), writer, ct);
                    await writer.FlushAsync(ct);
                }, "text/csv; charset=utf-8", "audit.csv"))
            .WithSummary("Exports the matching entries as CSV, oldest first, with the same filters as the list.");

        audit.MapPost("/verify", async (VerifyAuditChain verify, CancellationToken ct) => TypedResults.Ok(await verify.ExecuteAsync(ct)))
            .WithSummary("Recomputes the hash chain; 200 either way, with ok=false and the first broken entry when it does not hold.");
    }
}
