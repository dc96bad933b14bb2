namespace ModelHub.Core.Promotions;

/// <summary>One held-out example the candidate and production answered differently (after normalisation).</summary>
public sealed record Disagreement(int Line, string Prompt, string Expected, string Candidate, string Production)
{
    /// <summary>At most this many disagreements are kept per run; the count covers them all.</summary>
    public const int MaxStored = 50;

    /// <summary>
    /// The examples, in file order, where <paramref name="production"/>'s answer (by line) differs from the candidate's.
    /// A line production has no answer for is left out: it cannot be compared.
    /// </summary>
    public static IReadOnlyList<Disagreement> Between(IReadOnlyList<EvaluatedExample> candidate, IReadOnlyDictionary<int, string> production) =>
        candidate
            .Where(e => production.TryGetValue(e.Line, out var theirs) && Scoring.Normalize(e.Actual) != Scoring.Normalize(theirs))
            .OrderBy(e => e.Line)
            .Select(e => new Disagreement(e.Line, e.PromptExcerpt, e.Expected, e.Actual, production[e.Line]))
            .ToList();
}
