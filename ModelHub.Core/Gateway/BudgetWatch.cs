using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Gateway;

/// <summary>
/// Evaluates budgets after each usage flush, for the models the flush wrote: announces each threshold crossing once
/// per model and month (a <see cref="BudgetAlert"/> row and a <c>budget.threshold</c> audit entry, whose webhook the
/// audit log emits) and keeps <see cref="BudgetGuard"/> current. Every budget is evaluated at start and each minute,
/// so a new month and other instances' traffic are caught without calls here.
/// </summary>
public sealed class BudgetWatch : BackgroundService
{
    /// <summary>How often every budget is evaluated even without traffic on this instance.</summary>
    public static readonly TimeSpan FullInterval = TimeSpan.FromMinutes(1);

    private readonly IDbContextFactory<ModelHubDbContext> dbFactory;
    private readonly BudgetQueries queries;
    private readonly BudgetGuard guard;
    private readonly AuditLog audit;
    private readonly UsageMeter meter;
    private readonly IUpdateBus bus;
    private readonly TimeProvider time;
    private readonly ILogger<BudgetWatch> logger;
    private readonly IDisposable subscription;
    private readonly SemaphoreSlim evaluating = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> flushed = new(StringComparer.Ordinal);
    private readonly WakeUpSignal wakeUp = new();

    // Guarded by `evaluating`: crossings known to be announced (model id, month, threshold), and each model's last level.
    private readonly HashSet<(int ModelId, string Month, int Threshold)> announced = [];
    private readonly Dictionary<string, BudgetLevel> levels = new(StringComparer.Ordinal);

    public BudgetWatch(IDbContextFactory<ModelHubDbContext> dbFactory, BudgetQueries queries, BudgetGuard guard, AuditLog audit,
        UsageMeter meter, IUpdateBus bus, TimeProvider time, ILogger<BudgetWatch> logger)
    {
        this.dbFactory = dbFactory;
        this.queries = queries;
        this.guard = guard;
        this.audit = audit;
        this.meter = meter;
        this.bus = bus;
        this.time = time;
        this.logger = logger;
        meter.Flushed += OnFlushed;
        // Budget changes made on another instance (and this one's own, already evaluated: harmless).
        subscription = bus.Subscribe(InProcessUpdateBus.AllTopics, update =>
        {
            if (update is BudgetChanged changed)
            {
                flushed.TryAdd(changed.ModelName, 0);
                wakeUp.Signal();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Evaluates the budgets of <paramref name="models"/> (every budget when null) against this month's spend.</summary>
    public async Task EvaluateAsync(IReadOnlyCollection<string>? models, CancellationToken ct = default)
    {
        await evaluating.WaitAsync(ct);
        try
        {
            var month = BudgetMonth.Of(time.GetUtcNow());
            List<(int ModelId, BudgetStatus Status)> found;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                found = [.. await queries.LoadAsync(db, models?.ToList(), month, ct)];
            }

            foreach (var (modelId, status) in found)
            {
                foreach (var threshold in BudgetThresholds.Reached(status.SpendUsd, status.MonthlyUsd))
                {
                    if (announced.Add((modelId, month.Key, threshold)))
                    {
                        await AnnounceAsync(modelId, status, threshold, ct);
                    }
                }

                guard.Apply(status.Model, status);
                Leveled(status.Model, status.Level);
            }

            var budgeted = found.Select(f => f.Status.Model).ToHashSet(StringComparer.Ordinal);
            foreach (var model in models ?? [.. levels.Keys])
            {
                if (!budgeted.Contains(model))
                {
                    guard.Apply(model, null);
                    levels.Remove(model);
                }
            }
        }
        finally
        {
            evaluating.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextFull = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextFull)
                {
                    // Set after the pass succeeds: a failed pass (database busy at start-up) is retried within a second.
                    await EvaluateAsync(null, stoppingToken);
                    nextFull = time.GetUtcNow() + FullInterval;
                }

                var models = flushed.Keys.ToList();
                foreach (var model in models)
                {
                    flushed.TryRemove(model, out _);
                }

                if (models.Count > 0)
                {
                    await EvaluateAsync(models, stoppingToken);
                }

                await wakeUp.WaitAsync(nextFull - time.GetUtcNow(), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception failure) when (failure is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogError(failure, "Evaluating budgets failed; the next flush or the minute's full pass retries.");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public override void Dispose()
    {
        meter.Flushed -= OnFlushed;
        subscription.Dispose();
        base.Dispose();
    }

    private void OnFlushed(IReadOnlyList<UsageRecord> records)
    {
        foreach (var record in records)
        {
            flushed.TryAdd(record.Model, 0);
        }

        wakeUp.Signal();
    }

    private void Leveled(string model, BudgetLevel level)
    {
        if (levels.TryGetValue(model, out var before) && before == level)
        {
            return;
        }

        var known = levels.ContainsKey(model);
        levels[model] = level;
        if (known || level != BudgetLevel.Normal)
        {
            bus.Publish(new BudgetChanged(Topics.Model(model), model));
        }
    }

    // The row's unique index makes this once per model, month and threshold across instances; the check inside the
    // transaction spares the failed insert where the database serialises writers (SQLite), the index covers the rest.
    private async Task AnnounceAsync(int modelId, BudgetStatus status, int threshold, CancellationToken ct)
    {
        var month = status.Month.Key;
        var spend = decimal.Round(status.SpendUsd, 6);
        try
        {
            await audit.WriteAsync(async (db, trail) =>
            {
                if (await db.BudgetAlerts.AnyAsync(a => a.RegisteredModelId == modelId && a.Month == month && a.Threshold == threshold, ct))
                {
                    return false;
                }

                db.BudgetAlerts.Add(new BudgetAlert
                {
                    RegisteredModelId = modelId, Month = month, Threshold = threshold, SpendUsd = spend, BudgetUsd = status.MonthlyUsd, At = time.GetUtcNow(),
                });
                trail.Add(new AuditRecord(Actor.System, GatewayAuditActions.BudgetThreshold, AuditObjects.Model,
                    modelId.ToString(CultureInfo.InvariantCulture), status.Model)
                {
                    After = AuditRecord.ToJson(new
                    {
                        model = status.Model, threshold, spendUsd = spend, budgetUsd = status.MonthlyUsd, month, hardStop = status.HardStop,
                    }),
                    Reason = string.Create(CultureInfo.InvariantCulture,
                        $"Spend of ${status.SpendUsd:N2} reached {threshold} % of the ${status.MonthlyUsd:N2} budget for {status.Month.Label}."),
                });
                return true;
            }, ct);
        }
        catch (DbUpdateException failure)
        {
            if (await AnnouncedAsync(modelId, month, threshold, ct))
            {
                // Another instance announced it between our check and our insert.
                return;
            }

            announced.Remove((modelId, month, threshold));
            throw new InvalidOperationException($"Announcing {threshold} % of the budget of {status.Model} failed.", failure);
        }
        catch
        {
            announced.Remove((modelId, month, threshold));
            throw;
        }
    }

    private async Task<bool> AnnouncedAsync(int modelId, string month, int threshold, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BudgetAlerts.AnyAsync(a => a.RegisteredModelId == modelId && a.Month == month && a.Threshold == threshold, ct);
    }
}
