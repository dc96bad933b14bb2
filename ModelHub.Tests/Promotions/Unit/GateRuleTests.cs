using ModelHub.Core.Promotions;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Unit;

public sealed class GateRuleTests
{
    private static readonly Dictionary<string, double> Metrics = new() { ["eval_accuracy"] = 0.91, ["valid_loss"] = 0.45 };

    [Theory]
    [InlineData("eval_accuracy", ">=", 0.85, true, "eval_accuracy 0.91 >= 0.85 ✓")]
    [InlineData("eval_accuracy", ">=", 0.91, true, "eval_accuracy 0.91 >= 0.91 ✓")]
    [InlineData("eval_accuracy", ">=", 0.95, false, "eval_accuracy 0.91 >= 0.95 ✗")]
    [InlineData("eval_accuracy", ">", 0.91, false, "eval_accuracy 0.91 > 0.91 ✗")]
    [InlineData("eval_accuracy", ">", 0.9, true, "eval_accuracy 0.91 > 0.9 ✓")]
    [InlineData("valid_loss", "<=", 0.45, true, "valid_loss 0.45 <= 0.45 ✓")]
    [InlineData("valid_loss", "<=", 0.4, false, "valid_loss 0.45 <= 0.4 ✗")]
    [InlineData("valid_loss", "<", 0.45, false, "valid_loss 0.45 < 0.45 ✗")]
    [InlineData("valid_loss", "<", 0.5, true, "valid_loss 0.45 < 0.5 ✓")]
    [InlineData("valid_loss", "==", 0.45, true, "valid_loss 0.45 == 0.45 ✓")]
    [InlineData("valid_loss", "==", 0.46, false, "valid_loss 0.45 == 0.46 ✗")]
    public void Every_operator_compares_and_explains(string metric, string op, double threshold, bool passed, string message)
    {
        var result = new GateRule(metric, op, threshold).Evaluate(Metrics);

        Assert.Equal(passed, result.Passed);
        Assert.Equal(message, result.Message);
        Assert.Equal(Metrics[metric], result.Actual);
    }

    [Fact]
    public void A_missing_metric_fails_as_not_available()
    {
        var result = new GateRule("eval_macro_f1", ">=", 0.8).Evaluate(Metrics);

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Contains("metric not available", result.Message);
    }

    [Fact]
    public void A_score_computed_with_rounding_noise_still_meets_its_threshold()
    {
        var accuracy = 0.1 + 0.2 + 0.55; // 0.8500000000000001 or 0.8499999999999999 depending on rounding
        Assert.True(new GateRule("eval_accuracy", ">=", 0.85).Evaluate(new Dictionary<string, double> { ["eval_accuracy"] = accuracy }).Passed);
    }

    [Fact]
    public void Not_worse_than_production_passes_without_a_production_version()
    {
        var result = ProductionComparison.Evaluate("eval_accuracy", Metrics, null, null);

        Assert.True(result.Passed);
        Assert.Contains("no production version to compare", result.Message);
    }

    [Fact]
    public void Not_worse_than_production_compares_higher_is_better_and_loss_lower_is_better()
    {
        var production = new Dictionary<string, double> { ["eval_accuracy"] = 0.93, ["valid_loss"] = 0.5 };

        var accuracy = ProductionComparison.Evaluate("eval_accuracy", Metrics, production, 2);
        var loss = ProductionComparison.Evaluate("valid_loss", Metrics, production, 2);

        Assert.False(accuracy.Passed);
        Assert.Equal("eval_accuracy 0.91 >= 0.93 (production v2) ✗", accuracy.Message);
        Assert.True(loss.Passed);
        Assert.Equal(0.5, loss.Production);
    }
}
