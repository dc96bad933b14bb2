using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;
using ModelHub.Core.Webhooks;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>Webhook endpoints and their delivery logs, for Admins (<c>/api/webhooks</c>); secrets go in and never come out.</summary>
internal static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.CanAdminister);
        group.MapGet("/", async (WebhookQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.ListAsync(ct)))
            .WithSummary("Every webhook endpoint; secrets are masked.");
        group.MapPost("/", CreateAsync)
            .WithSummary("Registers an endpoint: {url, secret, events, enabled, format?}; the secret is never returned.");
        group.MapGet("/{id:int}", GetAsync);
        group.MapPut("/{id:int}", UpdateAsync)
            .WithSummary("Replaces an endpoint's URL, events, state and format; a null secret keeps the current one.");
        group.MapDelete("/{id:int}", DeleteAsync);
        group.MapGet("/{id:int}/deliveries", DeliveriesAsync)
            .WithSummary("The endpoint's delivery log, newest first: status, response code, duration, attempts.");
        group.MapPost("/{id:int}/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync)
            .WithSummary("Sends a delivery again under the same X-ModelHub-Delivery id.");
    }

    private static async Task<Results<Created<WebhookView>, ProblemHttpResult>> CreateAsync(
        WebhookInput input, ClaimsPrincipal user, CreateWebhook create, CancellationToken ct)
    {
        var created = await create.CreateAsync(input, user.ToActor(), ct);
        return created.Succeeded ? TypedResults.Created($"/api/webhooks/{created.Value.Id}", created.Value) : Problems.From(created.Error!);
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(int id, WebhookQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } found ? TypedResults.Ok(found) : Problems.From(Error.NotFound($"Webhook {id}"));

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> UpdateAsync(
        int id, WebhookInput input, ClaimsPrincipal user, UpdateWebhook update, CancellationToken ct)
    {
        var updated = await update.UpdateAsync(id, input, user.ToActor(), ct);
        return updated.Succeeded ? TypedResults.Ok(updated.Value) : Problems.From(updated.Error!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, ClaimsPrincipal user, DeleteWebhook delete, CancellationToken ct)
    {
        var deleted = await delete.DeleteAsync(id, user.ToActor(), ct);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(deleted.Error!);
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryView>>, ProblemHttpResult>> DeliveriesAsync(
        int id, int? take, WebhookQueries queries, CancellationToken ct)
    {
        if (take is < 1 or > WebhookQueries.MaxDeliveries)
        {
            return Problems.From(Error.Validation($"take must be between 1 and {WebhookQueries.MaxDeliveries}.", "take"));
        }

        return await queries.DeliveriesAsync(id, take ?? 50, ct) is { } log ? TypedResults.Ok(log) : Problems.From(Error.NotFound($"Webhook {id}"));
    }

    private static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> RedeliverAsync(
        int id, Guid deliveryId, ClaimsPrincipal user, RedeliverWebhook redeliver, CancellationToken ct)
    {
        var queued = await redeliver.RedeliverAsync(id, deliveryId, user.ToActor(), ct);
        return queued.Succeeded ? TypedResults.Accepted($"/api/webhooks/{id}/deliveries", queued.Value) : Problems.From(queued.Error!);
    }
}
