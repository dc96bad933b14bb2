using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Gateway;

/// <summary>Sets or clears a model's monthly budget, audited in the same transaction; the gateway applies it before the next call.</summary>
public sealed class SetBudget(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, BudgetWatch watch, BudgetQueries queries, IUpdateBus bus, TimeProvider time)
{
    /// <summary>The largest monthly budget accepted; more is a typo, not a budget.</summary>
    public const decimal MaxMonthlyUsd = 10_000_000m;

    /// <summary>Null when <paramref name="monthlyUsd"/> is a budget in dollars and cents from $0.01 to <see cref="MaxMonthlyUsd"/>.</summary>
    public static Error? Check(decimal? monthlyUsd) => monthlyUsd switch
    {
        null => Error.Validation("monthlyUsd is required: the budget in USD per calendar month, e.g. 50.", "monthlyUsd"),
        < 0.01m => Error.Validation("monthlyUsd must be at least 0.01 (USD); to remove the budget, clear it.", "monthlyUsd"),
        > MaxMonthlyUsd => Error.Validation($"monthlyUsd must be at most {MaxMonthlyUsd.ToString("N0", CultureInfo.InvariantCulture)} (USD).", "monthlyUsd"),
        { } usd when decimal.Round(usd, 2) != usd => Error.Validation("monthlyUsd must be in dollars and cents (at most two decimals).", "monthlyUsd"),
        _ => null,
    };

    /// <summary>Sets the budget of <paramref name="model"/>; the answer carries this month's spend against it.</summary>
    public async Task<Result<BudgetStatus>> SetAsync(string model, decimal? monthlyUsd, bool hardStop, Actor actor, CancellationToken ct = default)
    {
        if (Check(monthlyUsd) is { } invalid)
        {
            return invalid;
        }

        var usd = monthlyUsd!.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == model).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is not { } id)
        {
            return Error.NotFound($"Model '{model}'");
        }

        await audit.WriteAsync(db, async trail =>
        {
            var row = await db.ModelBudgets.SingleOrDefaultAsync(b => b.RegisteredModelId == id, ct);
            var before = row is null ? null : AuditRecord.ToJson(new { monthlyUsd = row.MonthlyUsd, hardStop = row.HardStop });
            if (row is null)
            {
                row = new ModelBudget { RegisteredModelId = id, SetById = "" };
                db.ModelBudgets.Add(row);
            }

            row.MonthlyUsd = usd;
            row.HardStop = hardStop;
            row.SetAt = time.GetUtcNow();
            row.SetById = actor.Id ?? "";
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, GatewayAuditActions.BudgetSet, AuditObjects.Model, id.ToString(CultureInfo.InvariantCulture), model)
            {
                Before = before,
                After = AuditRecord.ToJson(new { monthlyUsd = usd, hardStop }),
            });
            return true;
        }, ct);
        await AppliedAsync(model, ct);
        return (await queries.GetAsync(model, ct))!;
    }

    /// <summary>Clears the budget of <paramref name="model"/>; true when it had one.</summary>
    public async Task<Result<bool>> ClearAsync(string model, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == model).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is not { } id)
        {
            return Error.NotFound($"Model '{model}'");
        }

        var cleared = await audit.WriteAsync(db, async trail =>
        {
            var row = await db.ModelBudgets.SingleOrDefaultAsync(b => b.RegisteredModelId == id, ct);
            if (row is null)
            {
                return false;
            }

            db.ModelBudgets.Remove(row);
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, GatewayAuditActions.BudgetCleared, AuditObjects.Model, id.ToString(CultureInfo.InvariantCulture), model)
            {
                Before = AuditRecord.ToJson(new { monthlyUsd = row.MonthlyUsd, hardStop = row.HardStop }),
            });
            return true;
        }, ct);
        await AppliedAsync(model, ct);
        return cleared;
    }

    // Evaluated here before answering, so the next gateway call on this instance already sees the change; other
    // instances evaluate on the update.
    private async Task AppliedAsync(string model, CancellationToken ct)
    {
        await watch.EvaluateAsync([model], ct);
        bus.Publish(new BudgetChanged(Topics.Model(model), model));
    }
}
