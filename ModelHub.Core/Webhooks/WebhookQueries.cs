using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Webhooks;

/// <summary>Reads endpoints and their delivery logs.</summary>
public sealed class WebhookQueries(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    /// <summary>The most deliveries one read returns.</summary>
    public const int MaxDeliveries = 200;

    public async Task<IReadOnlyList<WebhookView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct);
        return [.. endpoints.Select(WebhookView.From)];
    }

    /// <summary>One endpoint, or null.</summary>
    public async Task<WebhookView?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        return endpoint is null ? null : WebhookView.From(endpoint);
    }

    /// <summary>An endpoint's deliveries, newest event first; null when the endpoint does not exist.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>?> DeliveriesAsync(int id, int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id, ct))
        {
            return null;
        }

        var deliveries = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Event)
            .Where(d => d.EndpointId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.EventId)
            .Take(Math.Clamp(take, 1, MaxDeliveries))
            .ToListAsync(ct);
        return [.. deliveries.Select(ToView)];
    }

    internal static WebhookDeliveryView ToView(WebhookDelivery d) => new(
        d.Id, d.EventId, d.Event!.Type, d.Event.OccurredAt, WebhookDeliveryView.StatusName(d.Status), d.Attempts, d.ResponseCode, d.DurationMs,
        d.LastAttemptAt, d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastError);
}
