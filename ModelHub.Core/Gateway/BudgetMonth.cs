using System.Globalization;

namespace ModelHub.Core.Gateway;

/// <summary>A UTC calendar month: the period a budget covers.</summary>
public readonly record struct BudgetMonth(int Year, int Month)
{
    /// <summary>The month <paramref name="at"/> falls in, in UTC.</summary>
    public static BudgetMonth Of(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new BudgetMonth(utc.Year, utc.Month);
    }

    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The start of the next month: where this month's spend stops counting.</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    /// <summary><c>yyyy-MM</c>, as stored and sent in webhooks.</summary>
    public string Key => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>"December 2026", for messages.</summary>
    public string Label => Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public override string ToString() => Key;
}
