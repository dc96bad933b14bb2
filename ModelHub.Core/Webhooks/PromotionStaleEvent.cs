using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Promotions;

namespace ModelHub.Core.Webhooks;

/// <summary>The data of <c>promotion.stale</c>: a pending request whose evidence stopped holding.</summary>
public static class PromotionStaleEvent
{
    /// <summary>The event's data for a request on <paramref name="model"/> v<paramref name="version"/>.</summary>
    public static object Data(PromotionRequest request, string model, int version, string reason) =>
        new { requestId = request.Id, model, version, requestedById = request.RequestedById, reason };

    /// <summary>Reads the model's name and the version's number, then adds the event to <paramref name="db"/>.</summary>
    public static async Task AddAsync(ModelHubDbContext db, PromotionRequest request, string reason, DateTimeOffset at, CancellationToken ct)
    {
        var names = await db.ModelVersions.Where(v => v.Id == request.ModelVersionId)
            .Select(v => new { v.Number, Model = db.RegisteredModels.Where(m => m.Id == request.RegisteredModelId).Select(m => m.Name).Single() })
            .SingleAsync(ct);
        WebhookOutbox.Add(db, WebhookEventTypes.PromotionStale, at, Data(request, names.Model, names.Number, reason));
    }
}
