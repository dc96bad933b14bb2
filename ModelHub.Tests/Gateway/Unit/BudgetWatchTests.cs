using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Gateway;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;
using ModelHub.Core.Webhooks;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Unit;

/// <summary>Threshold crossings, the hard-stop cache and the month boundary, over Core's services on a SQLite file and fake time.</summary>
public sealed class BudgetWatchTests : IAsyncLifetime
{
    private const string Model = "support-bot";

    // 23:00 UTC on the last day of December: an hour before the month turns.
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero));
    private readonly TempFolder data = new("budgets");
    private ServiceProvider services = null!;
    private string userId = "";

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddModelHubCoreForTests(data.Path).AddSingleton<TimeProvider>(time).BuildServiceProvider();
        await services.MigrateAsync();
        userId = await services.AddUserRowAsync("ana@example.com");
        await RegistrySeeder.AddVersionAsync(services, Model, userId);
        // One dollar per input token for models fine-tuned from gpt-4o-mini, nothing for output: spend = input tokens.
        var priced = await services.GetRequiredService<PricingSettings>().SaveAsync(new Dictionary<string, ModelPrice>
        {
            ["gpt-4o-mini"] = new() { Input = 0.15m, Output = 0.60m, FineTunedInput = 1_000_000m, FineTunedOutput = 0m },
        }, Actor.System);
        Assert.True(priced.Succeeded);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Crossing_80_then_100_percent_is_announced_once_each_with_a_webhook_event_however_often_it_is_evaluated()
    {
        await SetAsync(10m, hardStop: false);
        var watch = services.GetRequiredService<BudgetWatch>();

        await SpendAsync(7);
        await watch.EvaluateAsync([Model]);
        Assert.Empty(await AlertsAsync());

        await SpendAsync(1);
        await watch.EvaluateAsync([Model]);
        await watch.EvaluateAsync(null);
        Assert.Equal([80], (await AlertsAsync()).Select(a => a.Threshold));

        await SpendAsync(3);
        await watch.EvaluateAsync([Model]);
        await watch.EvaluateAsync([Model]);
        var alerts = await AlertsAsync();
        Assert.Equal([80, 100], alerts.Select(a => a.Threshold));
        Assert.Equal(11m, alerts[1].SpendUsd);

        var entries = await ThresholdEntriesAsync();
        Assert.Equal(2, entries.Count);
        var after = JsonDocument.Parse(entries[1].After!).RootElement;
        Assert.Equal(Model, after.GetProperty("model").GetString());
        Assert.Equal(100, after.GetProperty("threshold").GetInt32());
        Assert.Equal(11m, after.GetProperty("spendUsd").GetDecimal());
        Assert.Equal(10m, after.GetProperty("budgetUsd").GetDecimal());
        Assert.Equal("2026-12", after.GetProperty("month").GetString());
        Assert.Equal("system", entries[1].ActorName);

        await using var db = await DbAsync();
        var events = await db.WebhookEvents.Where(e => e.Type == WebhookEventTypes.BudgetThreshold).ToListAsync();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Contains("\"month\":\"2026-12\"", e.Data));
    }

    [Fact]
    public async Task Two_instances_evaluating_the_same_crossing_at_once_write_one_entry_per_threshold()
    {
        await SetAsync(10m, hardStop: true);
        await SpendAsync(12);
        // A second instance: its own watch (own memory of what it announced) over the same database.
        var other = new BudgetWatch(services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>(), services.GetRequiredService<BudgetQueries>(),
            new BudgetGuard(time), services.GetRequiredService<AuditLog>(), services.GetRequiredService<UsageMeter>(),
            services.GetRequiredService<IUpdateBus>(), time, NullLogger<BudgetWatch>.Instance);
        var watch = services.GetRequiredService<BudgetWatch>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => i % 2 == 0 ? watch.EvaluateAsync([Model]) : other.EvaluateAsync(null)));

        Assert.Equal([80, 100], (await AlertsAsync()).Select(a => a.Threshold));
        Assert.Equal(2, (await ThresholdEntriesAsync()).Count);
        other.Dispose();
    }

    [Fact]
    public async Task A_used_up_hard_stop_lifts_when_the_UTC_month_turns_and_the_new_month_announces_afresh()
    {
        await SetAsync(10m, hardStop: true);
        var watch = services.GetRequiredService<BudgetWatch>();
        var guard = services.GetRequiredService<BudgetGuard>();
        await SpendAsync(10);
        await watch.EvaluateAsync([Model]);
        var refusing = guard.Refusing(Model);
        Assert.NotNull(refusing);
        Assert.Equal(10m, refusing.SpendUsd);

        // Midnight UTC: January has no spend yet; the stop lifts before any evaluation runs.
        time.Advance(TimeSpan.FromHours(1));
        Assert.Null(guard.Refusing(Model));
        await watch.EvaluateAsync([Model]);
        Assert.Null(guard.Refusing(Model));
        Assert.Equal(0m, (await services.GetRequiredService<BudgetQueries>().GetAsync(Model))!.SpendUsd);

        await SpendAsync(9);
        await watch.EvaluateAsync([Model]);
        Assert.Null(guard.Refusing(Model));
        await SpendAsync(1);
        await watch.EvaluateAsync([Model]);
        Assert.NotNull(guard.Refusing(Model));

        var alerts = await AlertsAsync();
        Assert.Equal(["2026-12:80", "2026-12:100", "2027-01:80", "2027-01:100"], alerts.Select(a => $"{a.Month}:{a.Threshold}"));
    }

    [Fact]
    public async Task Clearing_or_raising_the_budget_lifts_the_hard_stop_at_once()
    {
        await SetAsync(10m, hardStop: true);
        await SpendAsync(10);
        await services.GetRequiredService<BudgetWatch>().EvaluateAsync([Model]);
        var guard = services.GetRequiredService<BudgetGuard>();
        Assert.NotNull(guard.Refusing(Model));

        await SetAsync(20m, hardStop: true);
        Assert.Null(guard.Refusing(Model));
        await SetAsync(10m, hardStop: true);
        Assert.NotNull(guard.Refusing(Model));
        var cleared = await services.GetRequiredService<SetBudget>().ClearAsync(Model, Actor.User(userId, "ana@example.com"));
        Assert.True(cleared.Value);
        Assert.Null(guard.Refusing(Model));
        Assert.Null(await services.GetRequiredService<BudgetQueries>().GetAsync(Model));
    }

    private async Task SetAsync(decimal usd, bool hardStop)
    {
        var set = await services.GetRequiredService<SetBudget>().SetAsync(Model, usd, hardStop, Actor.User(userId, "ana@example.com"));
        Assert.True(set.Succeeded, set.Error?.Message);
    }

    // Spends `usd` dollars on v1 (one input token per dollar at the test's price) and flushes it.
    private async Task SpendAsync(int usd)
    {
        var meter = services.GetRequiredService<UsageMeter>();
        await meter.RecordAsync(new UsageRecord(time.GetUtcNow(), Model, 1, ModelAlias.Production, false, userId, 1, 200, usd, 0, 3, 12));
        await meter.FlushAsync();
    }

    private async Task<List<BudgetAlert>> AlertsAsync()
    {
        await using var db = await DbAsync();
        return await db.BudgetAlerts.OrderBy(a => a.Month).ThenBy(a => a.Threshold).ToListAsync();
    }

    private async Task<List<AuditEntry>> ThresholdEntriesAsync()
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.Where(e => e.Action == GatewayAuditActions.BudgetThreshold).OrderBy(e => e.Sequence).ToListAsync();
    }

    private Task<ModelHubDbContext> DbAsync() => services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
}
