namespace ModelHub.Core.Promotions;

/// <summary>How often examples expecting <see cref="Expected"/> were answered with each label; <see cref="Other"/> counts answers that are no label.</summary>
public sealed record ConfusionRow(string Expected, IReadOnlyList<int> Predicted, int Other);

/// <summary>
/// A per-label confusion matrix: rows are the expected answers of the held-out set, columns what the model answered,
/// both normalised (see <see cref="Scoring.Normalize"/>), in the order of <see cref="Labels"/>.
/// </summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<ConfusionRow> Rows)
{
    /// <summary>
    /// The matrix of (expected, actual) pairs, or null when the expected answers are not label-like: free-text answers
    /// have no labels to count.
    /// </summary>
    public static ConfusionMatrix? From(IReadOnlyList<(string Expected, string Actual)> pairs)
    {
        var normalized = pairs.Select(p => (Expected: Scoring.Normalize(p.Expected), Actual: Scoring.Normalize(p.Actual))).ToList();
        var expected = normalized.Select(p => p.Expected).ToList();
        if (!Scoring.IsLabelLike(expected))
        {
            return null;
        }

        var labels = expected.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var column = labels.Select((label, index) => (label, index)).ToDictionary(x => x.label, x => x.index, StringComparer.Ordinal);
        var rows = labels.Select(label =>
        {
            var counts = new int[labels.Count];
            var other = 0;
            foreach (var (_, actual) in normalized.Where(p => p.Expected == label))
            {
                if (column.TryGetValue(actual, out var index))
                {
                    counts[index]++;
                }
                else
                {
                    other++;
                }
            }

            return new ConfusionRow(label, counts, other);
        }).ToList();
        return new ConfusionMatrix(labels, rows);
    }
}
