using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Gateway;

/// <summary>Canary changed for <paramref name="ModelName"/> (set, changed or ended); instances drop their cached split.</summary>
public sealed record CanaryChanged(string Topic, string ModelName, int Percent) : Update(Topic);

/// <summary>
/// The running canary of each model, read once and kept in memory; <see cref="SetCanaryTraffic"/> and
/// <see cref="EndCanary"/> forget a model's entry right after their commit (other instances through the bus).
/// </summary>
public sealed class CanarySettings : IDisposable
{
    private readonly IDbContextFactory<ModelHubDbContext> dbFactory;
    private readonly ConcurrentDictionary<string, CanarySplit?> splits = new(StringComparer.Ordinal);
    private readonly IDisposable subscription;
    private readonly Lock gate = new();

    // Bumped by every Forget: a read that started before a change must not store what it loaded (see GetAsync).
    private long generation;

    public CanarySettings(IDbContextFactory<ModelHubDbContext> dbFactory, IUpdateBus bus)
    {
        this.dbFactory = dbFactory;
        subscription = bus.Subscribe(InProcessUpdateBus.AllTopics, update =>
        {
            if (update is CanaryChanged changed)
            {
                Forget(changed.ModelName);
            }
            else if (update is UpdatesMayBeMissed)
            {
                ForgetAll();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>The model's canary, or null when none runs.</summary>
    public async ValueTask<CanarySplit?> GetAsync(string model, CancellationToken ct)
    {
        if (splits.TryGetValue(model, out var cached))
        {
            return cached;
        }

        var before = Volatile.Read(ref generation);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var loaded = await db.CanaryTraffic
            .Where(c => db.RegisteredModels.Any(m => m.Id == c.RegisteredModelId && m.Name == model))
            .Select(c => new CanarySplit(model, c.Percent, c.ProductionVersion, c.StagingVersion, c.StartedAt))
            .SingleOrDefaultAsync(ct);
        lock (gate)
        {
            if (generation == before)
            {
                splits[model] = loaded;
            }
        }

        return loaded;
    }

    /// <summary>Drops the cached split of <paramref name="model"/>; call right after a change to it commits.</summary>
    public void Forget(string model)
    {
        lock (gate)
        {
            generation++;
            splits.TryRemove(model, out _);
        }
    }

    /// <summary>Drops every cached split: changes made on other instances may have gone unannounced.</summary>
    public void ForgetAll()
    {
        lock (gate)
        {
            generation++;
            splits.Clear();
        }
    }

    public void Dispose() => subscription.Dispose();
}
