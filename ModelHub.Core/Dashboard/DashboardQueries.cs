using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Dashboard;

/// <summary>Reads what the dashboard shows: what needs action now, and how far a new instance has got.</summary>
public sealed class DashboardQueries(IDbContextFactory<ModelHubDbContext> dbFactory, PromotionQueries promotions, TimeProvider time)
{
    /// <summary>How far back failed jobs and gate runs count as needing action.</summary>
    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(24);

    /// <summary>How far back rollbacks are shown.</summary>
    public static readonly TimeSpan RollbackWindow = TimeSpan.FromDays(7);

    /// <summary>At most this many items per list.</summary>
    public const int Take = 10;

    /// <summary>Pending approvals, failures of the last 24 h, ungated Staging versions and rollbacks of the last 7 days.</summary>
    public async Task<ActionItems> ActionItemsAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        // Through PromotionQueries, so requests whose evidence no longer holds are marked stale rather than listed.
        var pending = await promotions.ListAsync(PromotionStatus.Pending, take: Take, ct: ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new ActionItems(
            [.. pending.Select(r => new PendingApproval(r.Id, r.Model, r.Version, r.RequestedBy, r.RequestedAt))],
            await FailedJobsAsync(db, now - FailureWindow, ct),
            await FailedGateRunsAsync(db, now - FailureWindow, ct),
            await UngatedStagingAsync(db, ct),
            await RollbacksAsync(db, now - RollbackWindow, ct));
    }

    /// <summary>Which of the first steps (dataset, job, gate run, promotion request) this instance has seen.</summary>
    public async Task<GettingStarted> GettingStartedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new GettingStarted(
            await db.Datasets.AnyAsync(ct),
            await db.FineTuneJobs.AnyAsync(ct),
            await db.GateRuns.AnyAsync(ct),
            await db.PromotionRequests.AnyAsync(ct));
    }

    private static async Task<IReadOnlyList<FailedJob>> FailedJobsAsync(ModelHubDbContext db, DateTimeOffset since, CancellationToken ct) =>
        await db.FineTuneJobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Failed && j.FinishedAt >= since)
            .OrderByDescending(j => j.FinishedAt).ThenByDescending(j => j.Id).Take(Take)
            .Select(j => new FailedJob(j.Id, j.RegisteredModel!.Name, j.FinishedAt!.Value, j.ErrorMessage))
            .ToListAsync(ct);

    private static async Task<IReadOnlyList<FailedGateRun>> FailedGateRunsAsync(ModelHubDbContext db, DateTimeOffset since, CancellationToken ct) =>
        await (
            from r in db.GateRuns.AsNoTracking()
            where (r.Status == GateRunStatus.Failed || r.Status == GateRunStatus.Error) && r.FinishedAt >= since
            join v in db.ModelVersions on r.ModelVersionId equals v.Id
            orderby r.FinishedAt descending, r.Id descending
            select new FailedGateRun(r.Id, v.RegisteredModel!.Name, v.Number, r.Status, r.FinishedAt!.Value, r.Error))
            .Take(Take).ToListAsync(ct);

    private static async Task<IReadOnlyList<UngatedStagingVersion>> UngatedStagingAsync(ModelHubDbContext db, CancellationToken ct)
    {
        // A run that errored gives no verdict to propose on, so it does not count as gated.
        var rows = await (
            from v in db.ModelVersions.AsNoTracking()
            where v.Stage == ModelStage.Staging
                && !db.GateRuns.Any(r => r.ModelVersionId == v.Id && r.Status != GateRunStatus.Error)
            select new
            {
                Model = v.RegisteredModel!.Name,
                v.Number,
                StagedAt = db.StageTransitions.Where(t => t.ModelVersionId == v.Id && t.To == ModelStage.Staging)
                    .Max(t => (DateTimeOffset?)t.At) ?? v.CreatedAt,
            }).ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.StagedAt).Take(Take).Select(r => new UngatedStagingVersion(r.Model, r.Number, r.StagedAt))];
    }

    private static async Task<IReadOnlyList<RecentRollback>> RollbacksAsync(ModelHubDbContext db, DateTimeOffset since, CancellationToken ct) =>
        await (
            from d in db.Deployments.AsNoTracking()
            where d.Kind == DeploymentKind.Rollback && d.From >= since
            join v in db.ModelVersions on d.ModelVersionId equals v.Id
            join u in db.Users on d.ById equals u.Id into users
            from u in users.DefaultIfEmpty()
            orderby d.From descending, d.Id descending
            select new RecentRollback(v.RegisteredModel!.Name, v.Number, d.From, u == null ? d.ById : u.Email ?? u.UserName ?? d.ById, d.Reason))
            .Take(Take).ToListAsync(ct);
}
