using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;
using ModelHub.Core.Webhooks;

namespace ModelHub.Core.Promotions;

/// <summary>A promotion request as pages and the API show it.</summary>
public sealed record PromotionView(
    int Id,
    string Model,
    int Version,
    PromotionStatus Status,
    string RequestedBy,
    string RequestedById,
    DateTimeOffset RequestedAt,
    string? Comment,
    PromotionEvidence Evidence,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionComment);

/// <summary>Reads promotion requests; pending ones whose evidence no longer holds are marked Stale on the way.</summary>
public sealed class PromotionQueries(IDbContextFactory<ModelHubDbContext> dbFactory, IUpdateBus bus, WebhookOutbox outbox, TimeProvider time)
{
    /// <summary>Requests newest first, optionally of one status or one model.</summary>
    public async Task<IReadOnlyList<PromotionView>> ListAsync(PromotionStatus? status = null, string? model = null, int take = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await MarkStaleAsync(db, ct);
        var query = db.PromotionRequests.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        if (model is not null)
        {
            query = query.Where(r => db.RegisteredModels.Any(m => m.Id == r.RegisteredModelId && m.Name == model));
        }

        var ids = await query.OrderByDescending(r => r.Id).Select(r => r.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return await ReadAsync(db, ids, ct);
    }

    /// <summary>One request, or null.</summary>
    public async Task<PromotionView?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await MarkStaleAsync(db, ct);
        return (await ReadAsync(db, [id], ct)).SingleOrDefault();
    }

    /// <summary>How many requests wait for a decision (for the navigation badge).</summary>
    public async Task<int> PendingCountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await MarkStaleAsync(db, ct);
        return await db.PromotionRequests.CountAsync(r => r.Status == PromotionStatus.Pending, ct);
    }

    private async Task MarkStaleAsync(ModelHubDbContext db, CancellationToken ct)
    {
        var pending = await db.PromotionRequests.Where(r => r.Status == PromotionStatus.Pending).ToListAsync(ct);
        var stale = new List<(PromotionRequest Request, string Why)>();
        foreach (var request in pending)
        {
            if (await PromotionRules.StaleReasonAsync(db, request, ct) is { } why)
            {
                stale.Add((request, why));
            }
        }

        if (stale.Count > 0)
        {
            db.ChangeTracker.Clear();
            var emitted = false;
            foreach (var (request, why) in stale)
            {
                // Only Pending → Stale, so a concurrent approval that committed first is never overwritten; the event
                // commits with the status change, so it is sent only by whoever made the change.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var marked = await db.PromotionRequests.Where(r => r.Id == request.Id && r.Status == PromotionStatus.Pending)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, PromotionStatus.Stale), ct);
                if (marked == 1)
                {
                    await PromotionStaleEvent.AddAsync(db, request, why, time.GetUtcNow(), ct);
                    await db.SaveChangesAsync(ct);
                    emitted = true;
                }

                await transaction.CommitAsync(ct);
            }

            if (emitted)
            {
                outbox.Signal();
            }

            db.ChangeTracker.Clear();
            bus.Publish(new PromotionRequestsChanged(Topics.Promotions, ""));
        }
    }

    private static async Task<IReadOnlyList<PromotionView>> ReadAsync(ModelHubDbContext db, IReadOnlyList<int> ids, CancellationToken ct)
    {
        var rows = await (
            from r in db.PromotionRequests.AsNoTracking()
            where ids.Contains(r.Id)
            join v in db.ModelVersions on r.ModelVersionId equals v.Id
            join m in db.RegisteredModels on r.RegisteredModelId equals m.Id
            join u in db.Users on r.RequestedById equals u.Id
            join d in db.Users on r.DecidedById equals d.Id into decided
            from d in decided.DefaultIfEmpty()
            select new { r, v.Number, m.Name, Requester = u.Email, Decider = d == null ? null : d.Email }).ToListAsync(ct);
        return rows.OrderByDescending(x => x.r.Id).Select(x => new PromotionView(
                x.r.Id, x.Name, x.Number, x.r.Status, x.Requester ?? x.r.RequestedById, x.r.RequestedById, x.r.RequestedAt, x.r.Comment,
                JsonSerializer.Deserialize<PromotionEvidence>(x.r.EvidenceJson, RequestPromotion.Json)!,
                x.Decider ?? x.r.DecidedById, x.r.DecidedAt, x.r.DecisionComment))
            .ToList();
    }
}
