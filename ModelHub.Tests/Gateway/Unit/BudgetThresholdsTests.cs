using ModelHub.Core.Gateway;

namespace ModelHub.Tests.Gateway.Unit;

public sealed class BudgetThresholdsTests
{
    [Theory]
    [InlineData("0", "")]
    [InlineData("39.99", "")]
    [InlineData("40", "80")]
    [InlineData("49.99", "80")]
    [InlineData("50", "80,100")]
    [InlineData("125", "80,100")]
    public void Spend_reaches_80_percent_then_100_percent_of_a_50_dollar_budget(string spend, string reached)
    {
        var thresholds = BudgetThresholds.Reached(decimal.Parse(spend, System.Globalization.CultureInfo.InvariantCulture), 50m);
        Assert.Equal(reached, string.Join(",", thresholds));
    }

    [Fact]
    public void The_level_and_the_hard_stop_follow_the_thresholds()
    {
        var month = new BudgetMonth(2026, 12);
        Assert.Equal(BudgetLevel.Normal, new BudgetStatus("m", 10m, true, 7.99m, month).Level);
        Assert.Equal(BudgetLevel.Warning, new BudgetStatus("m", 10m, true, 8m, month).Level);
        Assert.False(new BudgetStatus("m", 10m, true, 9.99m, month).Stops);
        Assert.True(new BudgetStatus("m", 10m, true, 10m, month).Stops);
        Assert.False(new BudgetStatus("m", 10m, false, 20m, month).Stops);
        Assert.Equal(200, new BudgetStatus("m", 10m, false, 20m, month).Percent);
    }

    [Fact]
    public void A_month_is_the_UTC_calendar_month_and_December_ends_at_the_next_new_year()
    {
        // 23:30 on 31 December in New York is already January in UTC.
        var month = BudgetMonth.Of(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(-5)));
        Assert.Equal(new BudgetMonth(2027, 1), month);
        var december = new BudgetMonth(2026, 12);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), december.End);
        Assert.Equal("2026-12", december.Key);
        Assert.Equal("December 2026", december.Label);
    }

    [Theory]
    [InlineData(null, "monthlyUsd")]
    [InlineData("-1", "monthlyUsd")]
    [InlineData("0", "monthlyUsd")]
    [InlineData("0.001", "monthlyUsd")]
    [InlineData("12.345", "monthlyUsd")]
    [InlineData("10000000.01", "monthlyUsd")]
    public void Budgets_outside_a_cent_to_ten_million_dollars_are_refused(string? usd, string field)
    {
        var error = SetBudget.Check(usd is null ? null : decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(field, error?.Target);
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("50")]
    [InlineData("49.99")]
    [InlineData("10000000")]
    public void Budgets_in_dollars_and_cents_are_accepted(string usd) =>
        Assert.Null(SetBudget.Check(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture)));
}
