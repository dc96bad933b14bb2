using System.Collections.Concurrent;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Registry;

/// <summary>
/// In-memory answers of the resolve API, per model and alias, and beside them fuller answers built on a resolution
/// (the MLflow API's <c>model_version</c> of an alias). Every committing change to what an alias resolves to, or to what
/// those answers show (custom alias set/removed, stage change, version registration, version description or tags,
/// model rename), calls <see cref="Invalidate"/> right after its <c>SaveChanges</c> returns and before it returns to its
/// caller; <see cref="Invalidate"/> drops both kinds, so one call covers every answer of the model.
/// </summary>
/// <remarks>
/// Why no request in this process can see a stale answer after a change has committed:
/// <list type="bullet">
/// <item>The writer invalidates after the commit, so any read that starts after the writer returned misses the cache
/// (or finds an entry loaded after the commit) and reads committed data.</item>
/// <item>A read that loaded the old data just before the commit could still try to store it after the invalidation.
/// Each model has a generation counter: a reader notes it before loading and stores only if it is unchanged, and
/// invalidation bumps it. The check-and-store and the bump-and-clear run under the model's lock, so the old answer
/// can never be stored after the invalidation. Hits take no lock.</item>
/// </list>
/// Other instances learn of changes through <see cref="ModelAliasChanged"/> / <see cref="ModelVersionRegistered"/> /
/// <see cref="ModelVersionDetailsChanged"/> on the update bus (in one process these arrive after the direct
/// invalidation and are harmless). The fuller answers follow the same generation discipline as the resolutions.
/// </remarks>
public sealed class AliasResolutionCache : IDisposable
{
    private readonly ConcurrentDictionary<string, ModelSlot> models = new(StringComparer.Ordinal);
    private readonly IDisposable subscription;

    public AliasResolutionCache(IUpdateBus bus)
    {
        subscription = bus.Subscribe(InProcessUpdateBus.AllTopics, update =>
        {
            switch (update)
            {
                case ModelAliasChanged changed:
                    Invalidate(changed.ModelName);
                    break;
                case ModelVersionRegistered registered:
                    Invalidate(registered.ModelName);
                    break;
                case UpdatesMayBeMissed:
                    InvalidateAll();
                    break;
                case ModelVersionDetailsChanged details:
                    Invalidate(details.ModelName);
                    break;
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>A cached answer, or null. Lock-free.</summary>
    public AliasResolution? TryGet(string model, string alias) =>
        models.TryGetValue(model, out var slot) && slot.Aliases.TryGetValue(alias, out var hit) ? hit : null;

    /// <summary>The generation to pass to <see cref="TryStore"/>; read it before loading from the database.</summary>
    public long Generation(string model) => models.TryGetValue(model, out var slot) ? Volatile.Read(ref slot.Generation) : 0;

    /// <summary>Stores a loaded answer unless the model was invalidated since <paramref name="generation"/> was read.</summary>
    public void TryStore(AliasResolution resolution, long generation)
    {
        var slot = models.GetOrAdd(resolution.Model, _ => new ModelSlot());
        lock (slot)
        {
            if (slot.Generation == generation)
            {
                slot.Aliases[resolution.Alias] = resolution;
            }
        }
    }

    /// <summary>A cached fuller answer of kind <typeparamref name="T"/> for the alias, or null. Lock-free.</summary>
    public T? TryGetAnswer<T>(string model, string alias)
        where T : class =>
        models.TryGetValue(model, out var slot) && slot.Answers.TryGetValue((typeof(T), alias), out var hit) ? hit as T : null;

    /// <summary>Stores a fuller answer unless the model was invalidated since <paramref name="generation"/> was read (before loading).</summary>
    public void TryStoreAnswer<T>(string model, string alias, T answer, long generation)
        where T : class
    {
        var slot = models.GetOrAdd(model, _ => new ModelSlot());
        lock (slot)
        {
            if (slot.Generation == generation)
            {
                slot.Answers[(typeof(T), alias)] = answer;
            }
        }
    }

    /// <summary>Forgets every answer of <paramref name="model"/>, resolutions and fuller answers; call right after a change to it commits.</summary>
    public void Invalidate(string model)
    {
        var slot = models.GetOrAdd(model, _ => new ModelSlot());
        lock (slot)
        {
            slot.Generation++;
            slot.Aliases.Clear();
            slot.Answers.Clear();
        }
    }

    /// <summary>Forgets every answer: invalidations from other instances may have been lost.</summary>
    public void InvalidateAll()
    {
        foreach (var model in models.Keys)
        {
            Invalidate(model);
        }
    }

    public void Dispose() => subscription.Dispose();

    private sealed class ModelSlot
    {
        public long Generation;
        public readonly ConcurrentDictionary<string, AliasResolution> Aliases = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<(Type Kind, string Alias), object> Answers = new();
    }
}
