using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>The checks requests share: the latest finished gate run, and whether a request's frozen evidence still holds.</summary>
internal static class PromotionRules
{
    /// <summary>The candidate's latest finished (passed, failed or error) gate run, or null.</summary>
    public static Task<GateRun?> LatestFinishedRunAsync(ModelHubDbContext db, int versionId, CancellationToken ct) =>
        db.GateRuns.Where(r => r.ModelVersionId == versionId && r.Status != GateRunStatus.Running)
            .OrderByDescending(r => r.FinishedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    /// <summary>Why a pending request no longer reflects the world, or null when its evidence still holds.</summary>
    public static async Task<string?> StaleReasonAsync(ModelHubDbContext db, PromotionRequest request, CancellationToken ct)
    {
        var stage = await db.ModelVersions.Where(v => v.Id == request.ModelVersionId).Select(v => v.Stage).SingleAsync(ct);
        if (stage != ModelStage.Staging)
        {
            return $"the candidate is now {stage}, no longer Staging";
        }

        var latest = await LatestFinishedRunAsync(db, request.ModelVersionId, ct);
        if (latest is not null && latest.Id != request.GateRunId)
        {
            return $"the candidate has a newer gate run (#{latest.Id}) than the one the request was made on (#{request.GateRunId})";
        }

        var production = await db.ModelVersions.Where(v => v.RegisteredModelId == request.RegisteredModelId && v.Stage == ModelStage.Production)
            .Select(v => (int?)v.Id).SingleOrDefaultAsync(ct);
        return production != request.ProductionVersionId ? "production changed since the request was made" : null;
    }
}
