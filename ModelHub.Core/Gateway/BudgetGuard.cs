using System.Collections.Concurrent;

namespace ModelHub.Core.Gateway;

/// <summary>
/// The models whose hard-stop budget is used up, in memory: the gateway asks it on every call, so it never reads the
/// database. <see cref="BudgetWatch"/> keeps it current after each usage flush and each budget change.
/// </summary>
public sealed class BudgetGuard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, BudgetStatus> stopped = new(StringComparer.Ordinal);

    /// <summary>The used-up budget that refuses calls to <paramref name="model"/>, or null when calls may go through.</summary>
    public BudgetStatus? Refusing(string model) =>
        stopped.TryGetValue(model, out var status) && time.GetUtcNow() < status.Month.End
            // A new month starts with no spend: the stop lifts at midnight UTC even before the next evaluation.
            ? status
            : null;

    /// <summary>Stops or lets through <paramref name="model"/> as <paramref name="status"/> says (null: it has no budget).</summary>
    internal void Apply(string model, BudgetStatus? status)
    {
        if (status is { Stops: true })
        {
            stopped[model] = status;
        }
        else
        {
            stopped.TryRemove(model, out _);
        }
    }
}
