using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>An Engineer asks to promote a Staging version whose latest gate run passed; the evidence is frozen on the request.</summary>
public sealed class RequestPromotion(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, IUpdateBus bus, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates a Pending request and returns its id.</summary>
    public async Task<Result<int>> RequestAsync(string modelName, int number, string? comment, Actor actor, CancellationToken ct = default)
    {
        if (InputLimits.Text(comment, "comment", "The request comment") is { } invalid)
        {
            return invalid;
        }

        if (await RefusalOnSnapshotAsync(modelName, number, ct) is { } refused)
        {
            return refused;
        }

        var result = await StageMoves.RunAsync<int>(audit, async (db, trail) =>
        {
            var model = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == modelName, ct);
            var version = model is null ? null : await db.ModelVersions.SingleOrDefaultAsync(v => v.RegisteredModelId == model.Id && v.Number == number, ct);
            if (model is null || version is null)
            {
                return PromotionEligibility.NotFound(modelName, number);
            }

            var eligible = await PromotionEligibility.CheckAsync(db, version, ct);
            if (eligible.Error is { } ineligible)
            {
                return ineligible;
            }

            var run = eligible.Value;
            var production = await db.ModelVersions.Where(v => v.RegisteredModelId == model.Id && v.Stage == ModelStage.Production)
                .Select(v => new { v.Id, v.Number }).SingleOrDefaultAsync(ct);
            var evidence = new PromotionEvidence(
                run.Id,
                GateMetrics.Deserialize<EvaluationScores>(run.ScoresJson),
                GateMetrics.Deserialize<List<GateRuleResult>>(run.RuleResultsJson) ?? [],
                GateMetrics.Deserialize<List<ProductionComparison>>(run.ProductionComparisonsJson) ?? [],
                production is null ? null : ProductionEvidenceOf(run, production.Id, production.Number),
                GateMetrics.Deserialize<ConfusionMatrix>(run.ConfusionJson));
            var request = new PromotionRequest
            {
                RegisteredModelId = model.Id,
                ModelVersionId = version.Id,
                RequestedById = actor.Id!,
                RequestedAt = time.GetUtcNow(),
                Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
                GateRunId = run.Id,
                EvidenceJson = JsonSerializer.Serialize(evidence, Json),
                ProductionVersionId = production?.Id,
            };
            db.PromotionRequests.Add(request);
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, AuditActions.PromotionRequested, AuditObjects.Promotion, request.Id.ToString(CultureInfo.InvariantCulture), $"{modelName} v{number}")
            {
                After = AuditRecord.ToJson(new { version = number, gateRunId = run.Id, productionVersion = production?.Number }),
                Reason = request.Comment,
            });
            return request.Id;
        }, ct);

        if (result.Succeeded)
        {
            bus.Publish(new PromotionRequestsChanged(Topics.Promotions, modelName));
        }

        return result;
    }

    /// <summary>The run's comparison when it was made against today's production; otherwise only the version, unscored.</summary>
    private static ProductionEvidence ProductionEvidenceOf(GateRun run, int productionId, int productionNumber) =>
        run.ProductionVersionId != productionId ? new ProductionEvidence(productionNumber, null)
        : GateMetrics.Deserialize<ProductionEvidence>(run.ProductionEvidenceJson)
            ?? new ProductionEvidence(productionNumber, GateMetrics.Deserialize<EvaluationScores>(run.ProductionScoresJson));

    /// <summary>
    /// Refuses a version that is not in Staging from committed state, without queueing for the writer lock: such a
    /// refusal is true of the moment it was read. A version that is in Staging is checked again, with everything
    /// else, inside the transaction that creates the request.
    /// </summary>
    private async Task<Error?> RefusalOnSnapshotAsync(string modelName, int number, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stage = await db.ModelVersions.Named(modelName, number)
            .Select(v => (ModelStage?)v.Stage).SingleOrDefaultAsync(ct);
        return stage switch
        {
            null => PromotionEligibility.NotFound(modelName, number),
            ModelStage.Staging => null,
            _ => PromotionEligibility.NotStaging(number, stage.Value),
        };
    }
}
