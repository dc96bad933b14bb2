namespace ModelHub.Core.Gateway;

/// <summary>How close a model's spend is to its budget.</summary>
public enum BudgetLevel
{
    /// <summary>Below 80 %.</summary>
    Normal,

    /// <summary>80 % or more: a warning.</summary>
    Warning,

    /// <summary>100 % or more: the budget is used up.</summary>
    Exceeded,
}

/// <summary>The shares of a budget whose crossing is announced (banner, audit entry, webhook).</summary>
public static class BudgetThresholds
{
    public const int Warning = 80;
    public const int Exceeded = 100;

    /// <summary>The thresholds <paramref name="spendUsd"/> has reached, lowest first.</summary>
    public static IReadOnlyList<int> Reached(decimal spendUsd, decimal budgetUsd) =>
        spendUsd >= budgetUsd ? [Warning, Exceeded]
        : spendUsd * 100 >= budgetUsd * Warning ? [Warning]
        : [];

    public static BudgetLevel Level(decimal spendUsd, decimal budgetUsd) => Reached(spendUsd, budgetUsd).Count switch
    {
        0 => BudgetLevel.Normal,
        1 => BudgetLevel.Warning,
        _ => BudgetLevel.Exceeded,
    };
}

/// <summary>A model's budget and its spend in <see cref="Month"/>.</summary>
public sealed record BudgetStatus(string Model, decimal MonthlyUsd, bool HardStop, decimal SpendUsd, BudgetMonth Month)
{
    /// <summary>Spend as a percentage of the budget (may pass 100).</summary>
    public double Percent => MonthlyUsd == 0 ? 0 : (double)(SpendUsd / MonthlyUsd * 100);

    public BudgetLevel Level => BudgetThresholds.Level(SpendUsd, MonthlyUsd);

    /// <summary>True when the gateway refuses the model's calls.</summary>
    public bool Stops => HardStop && Level == BudgetLevel.Exceeded;
}
