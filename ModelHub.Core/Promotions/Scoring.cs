using System.Globalization;
using System.Text;

namespace ModelHub.Core.Promotions;

/// <summary>Precision, recall and F1 of one expected label; <see cref="Support"/> is how many examples expected it.</summary>
public sealed record LabelScore(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>
/// The scores of one evaluation. <see cref="Accuracy"/> and <see cref="MacroF1"/> are null when the expected answers
/// are not label-like (see <see cref="Scoring.IsLabelLike"/>).
/// </summary>
public sealed record EvaluationScores(int Count, double ExactMatch, double? Accuracy, double? MacroF1, IReadOnlyList<LabelScore> PerLabel)
{
    public const string ExactMatchMetric = "eval_exact_match";
    public const string AccuracyMetric = "eval_accuracy";
    public const string MacroF1Metric = "eval_macro_f1";

    /// <summary>The scores under their metric names, for rules; a score that does not apply is left out.</summary>
    public IReadOnlyDictionary<string, double> AsMetrics()
    {
        var metrics = new Dictionary<string, double> { [ExactMatchMetric] = ExactMatch };
        if (Accuracy is { } accuracy)
        {
            metrics[AccuracyMetric] = accuracy;
        }

        if (MacroF1 is { } f1)
        {
            metrics[MacroF1Metric] = f1;
        }

        return metrics;
    }
}

/// <summary>Scores a model's answers against the expected assistant messages of a held-out dataset.</summary>
public static class Scoring
{
    /// <summary>Answers of at most this many words can be labels.</summary>
    public const int MaxLabelWords = 3;

    /// <summary>More distinct expected answers than this and the set is free text, not labels.</summary>
    public const int MaxDistinctLabels = 20;

    private static readonly char[] TrailingPunctuation = ['.', ',', '!', '?', ';', ':', '…'];

    /// <summary>Trims, collapses whitespace, folds case (invariant) and strips trailing punctuation: "  Positive.\n" → "positive".</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var collapsed = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                collapsed.Append(' ');
                pendingSpace = false;
            }

            collapsed.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }

        return collapsed.ToString().TrimEnd(TrailingPunctuation).TrimEnd();
    }

    /// <summary>True when every normalised expected answer has at most 3 words and there are at most 20 distinct ones.</summary>
    public static bool IsLabelLike(IReadOnlyCollection<string> normalizedExpected) =>
        normalizedExpected.Count > 0
        && normalizedExpected.All(e => e.Length > 0 && e.Split(' ').Length <= MaxLabelWords)
        && normalizedExpected.Distinct(StringComparer.Ordinal).Count() <= MaxDistinctLabels;

    /// <summary>
    /// Scores (expected, actual) pairs. Exact match is the share of pairs equal after <see cref="Normalize"/>. When the
    /// expected answers are label-like, accuracy is that same share and macro-F1 is the unweighted mean of per-label F1
    /// over the expected labels only (a predicted value nobody expected counts against precision of no label, but
    /// against the recall of the label it replaced). Zero division counts as 0: a label never predicted has precision 0,
    /// and F1 is 0 when precision + recall is 0.
    /// </summary>
    public static EvaluationScores Score(IReadOnlyList<(string Expected, string Actual)> pairs)
    {
        if (pairs.Count == 0)
        {
            return new EvaluationScores(0, 0, null, null, []);
        }

        var normalized = pairs.Select(p => (Expected: Normalize(p.Expected), Actual: Normalize(p.Actual))).ToList();
        var matches = normalized.Count(p => p.Expected == p.Actual);
        var exactMatch = (double)matches / normalized.Count;
        var expected = normalized.Select(p => p.Expected).ToList();
        if (!IsLabelLike(expected))
        {
            return new EvaluationScores(normalized.Count, exactMatch, null, null, []);
        }

        var perLabel = expected.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(label =>
        {
            var truePositives = normalized.Count(p => p.Expected == label && p.Actual == label);
            var predicted = normalized.Count(p => p.Actual == label);
            var support = normalized.Count(p => p.Expected == label);
            var precision = predicted == 0 ? 0 : (double)truePositives / predicted;
            var recall = (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new LabelScore(label, precision, recall, f1, support);
        }).ToList();
        return new EvaluationScores(normalized.Count, exactMatch, exactMatch, perLabel.Average(l => l.F1), perLabel);
    }
}
