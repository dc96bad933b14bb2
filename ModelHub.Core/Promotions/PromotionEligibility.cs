using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>Whether a version may be proposed for promotion now: the one rule the Stage card shows and <see cref="RequestPromotion"/> enforces.</summary>
public sealed class PromotionEligibility(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    /// <summary>Null when version <paramref name="number"/> of <paramref name="modelName"/> may be proposed now; otherwise why not.</summary>
    public async Task<Error?> WhyNotAsync(string modelName, int number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.ModelVersions.Named(modelName, number).SingleOrDefaultAsync(ct);
        return version is null ? NotFound(modelName, number) : (await CheckAsync(db, version, ct)).Error;
    }

    /// <summary>The rule on a loaded version, inside the caller's transaction; on success, the passed gate run a request rests on.</summary>
    internal static async Task<Result<GateRun>> CheckAsync(ModelHubDbContext db, ModelVersion version, CancellationToken ct)
    {
        if (version.Stage != ModelStage.Staging)
        {
            return NotStaging(version.Number, version.Stage);
        }

        var run = await PromotionRules.LatestFinishedRunAsync(db, version.Id, ct);
        if (run is null || run.Status != GateRunStatus.Passed)
        {
            return Error.Conflict("gate-not-passed", run is null
                ? $"Run the gate first: version {version.Number} has no finished gate run, and only a passed run can back a promotion."
                : $"The latest gate run of version {version.Number} (#{run.Id}) {run.Status}; only a passed run can back a promotion.");
        }

        if (await db.PromotionRequests.AnyAsync(r => r.ModelVersionId == version.Id && r.Status == PromotionStatus.Pending, ct))
        {
            return Error.Conflict("request-pending", $"Version {version.Number} already has a pending promotion request.");
        }

        return run;
    }

    internal static Error NotFound(string modelName, int number) => Error.NotFound($"Version {number} of model '{modelName}'");

    internal static Error NotStaging(int number, ModelStage stage) =>
        StageMoves.InvalidTransition($"Version {number} is {stage}; only a Staging version can be promoted. Deploy it to staging first.");
}
