using System.Globalization;

namespace ModelHub.Core.Promotions;

/// <summary>The outcome of one rule: the rule as it was, the value it saw, and a message a person can read.</summary>
public sealed record GateRuleResult(string Metric, string Operator, double Threshold, double? Actual, bool Passed, string Message);

/// <summary>A threshold on one metric, e.g. <c>valid_loss &lt;= 0.45</c> or <c>eval_accuracy &gt;= 0.85</c>.</summary>
public sealed record GateRule(string Metric, string Operator, double Threshold)
{
    /// <summary>The comparison operators a rule may use.</summary>
    public static readonly IReadOnlyList<string> Operators = ["<", "<=", ">", ">=", "=="];

    /// <summary>Equality tolerance, so a score computed as 0.8500000001 still equals 0.85.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Evaluates the rule against <paramref name="metrics"/>; a missing metric fails with "metric not available".</summary>
    public GateRuleResult Evaluate(IReadOnlyDictionary<string, double> metrics)
    {
        var rule = $"{Metric} {Operator} {Format(Threshold)}";
        if (!metrics.TryGetValue(Metric, out var actual) || double.IsNaN(actual))
        {
            return new GateRuleResult(Metric, Operator, Threshold, null, false, $"{rule}: metric not available ✗");
        }

        var passed = Compare(actual, Operator, Threshold);
        return new GateRuleResult(Metric, Operator, Threshold, actual, passed,
            $"{Metric} {Format(actual)} {Operator} {Format(Threshold)} {(passed ? "✓" : "✗")}");
    }

    /// <summary>True when <paramref name="actual"/> satisfies <paramref name="op"/> against <paramref name="threshold"/>.</summary>
    public static bool Compare(double actual, string op, double threshold) => op switch
    {
        "<" => actual < threshold - Tolerance,
        "<=" => actual <= threshold + Tolerance,
        ">" => actual > threshold + Tolerance,
        ">=" => actual >= threshold - Tolerance,
        "==" => Math.Abs(actual - threshold) <= Tolerance,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown operator."),
    };

    /// <summary>Up to four decimals, invariant culture: 0.9133333 → "0.9133".</summary>
    public static string Format(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>"Must not be worse than production" on one metric, compared on the same dataset.</summary>
public sealed record ProductionComparison(string Metric, double? Candidate, double? Production, int? ProductionVersion, bool Passed, string Message)
{
    /// <summary>Metrics where lower is better; every other metric is better when higher.</summary>
    public static bool LowerIsBetter(string metric) => metric.EndsWith("loss", StringComparison.Ordinal);

    /// <summary>Compares the candidate with production; with no production version the rule passes with a note.</summary>
    public static ProductionComparison Evaluate(string metric, IReadOnlyDictionary<string, double> candidate,
        IReadOnlyDictionary<string, double>? production, int? productionVersion)
    {
        double? mine = candidate.TryGetValue(metric, out var c) ? c : null;
        if (production is null || productionVersion is null)
        {
            return new ProductionComparison(metric, mine, null, null, true, $"{metric}: no production version to compare ✓");
        }

        double? theirs = production.TryGetValue(metric, out var p) ? p : null;
        if (mine is null || theirs is null)
        {
            return new ProductionComparison(metric, mine, theirs, productionVersion, false, $"{metric}: metric not available ✗");
        }

        var op = LowerIsBetter(metric) ? "<=" : ">=";
        var passed = GateRule.Compare(mine.Value, op, theirs.Value);
        return new ProductionComparison(metric, mine, theirs, productionVersion, passed,
            $"{metric} {GateRule.Format(mine.Value)} {op} {GateRule.Format(theirs.Value)} (production v{productionVersion}) {(passed ? "✓" : "✗")}");
    }
}
