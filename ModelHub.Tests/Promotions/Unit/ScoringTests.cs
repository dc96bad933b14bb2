using ModelHub.Core.Promotions;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Unit;

public sealed class ScoringTests
{
    [Theory]
    [InlineData("  Positive.\n", "positive")]
    [InlineData("NEGATIVE!!", "negative")]
    [InlineData("very \t  good\r\n  product?", "very good product")]
    [InlineData("e.g. fine", "e.g. fine")]
    [InlineData("   ", "")]
    [InlineData(null, "")]
    [InlineData("neutral …", "neutral")]
    public void Normalisation_trims_collapses_whitespace_folds_case_and_strips_trailing_punctuation(string? raw, string expected) =>
        Assert.Equal(expected, Scoring.Normalize(raw));

    [Fact]
    public void Exact_match_compares_after_normalisation()
    {
        var scores = Scoring.Score([("The answer is 42.", "the answer  is 42"), ("Paris", "paris!"), ("Blue sky today", "Grey sky today")]);

        Assert.Equal(3, scores.Count);
        Assert.Equal(2.0 / 3, scores.ExactMatch, 9);
    }

    [Fact]
    public void Macro_F1_matches_a_hand_computed_example_with_a_label_never_predicted()
    {
        // positive: TP 1 of 2 predicted, 2 expected → P 0.5, R 0.5, F1 0.5
        // negative: TP 2 of 3 predicted, 2 expected → P 2/3, R 1, F1 0.8
        // neutral:  never predicted → P 0 (zero division counts as 0), R 0, F1 0
        var scores = Scoring.Score([
            ("positive", "positive"), ("positive", "negative"),
            ("negative", "negative"), ("negative", "Negative."),
            ("neutral", "positive"),
        ]);

        Assert.Equal(0.6, scores.Accuracy!.Value, 9);
        Assert.Equal(0.6, scores.ExactMatch, 9);
        Assert.Equal((0.5 + 0.8 + 0) / 3, scores.MacroF1!.Value, 9);
        var neutral = scores.PerLabel.Single(l => l.Label == "neutral");
        Assert.Equal((0.0, 0.0, 0.0, 1), (neutral.Precision, neutral.Recall, neutral.F1, neutral.Support));
        var negative = scores.PerLabel.Single(l => l.Label == "negative");
        Assert.Equal(2.0 / 3, negative.Precision, 9);
        Assert.Equal(1.0, negative.Recall, 9);
        Assert.Equal(0.8, negative.F1, 9);
        Assert.Equal(["negative", "neutral", "positive"], scores.PerLabel.Select(l => l.Label));
    }

    [Fact]
    public void Answers_nobody_expected_count_against_recall_but_add_no_label()
    {
        var scores = Scoring.Score([("yes", "maybe"), ("no", "no")]);

        Assert.Equal(["no", "yes"], scores.PerLabel.Select(l => l.Label));
        Assert.Equal(0.5, scores.Accuracy!.Value, 9);
        Assert.Equal((1.0 + 0.0) / 2, scores.MacroF1!.Value, 9);
    }

    [Fact]
    public void Perfect_answers_score_one_everywhere()
    {
        var scores = Scoring.Score([("a", "a"), ("b", "B"), ("c", "c.")]);

        Assert.Equal(1.0, scores.ExactMatch);
        Assert.Equal(1.0, scores.Accuracy);
        Assert.Equal(1.0, scores.MacroF1);
    }

    [Fact]
    public void Long_answers_are_not_label_like_so_only_exact_match_is_scored()
    {
        var scores = Scoring.Score([("the quick brown fox", "the quick brown fox"), ("jumps", "jumps")]);

        Assert.Equal(1.0, scores.ExactMatch);
        Assert.Null(scores.Accuracy);
        Assert.Null(scores.MacroF1);
        Assert.Empty(scores.PerLabel);
        Assert.False(scores.AsMetrics().ContainsKey(EvaluationScores.AccuracyMetric));
    }

    [Fact]
    public void More_than_twenty_distinct_expected_answers_are_not_labels()
    {
        var many = Enumerable.Range(0, 21).Select(i => ($"label{i}", $"label{i}")).ToList();

        Assert.Null(Scoring.Score(many).Accuracy);
        Assert.NotNull(Scoring.Score(many.Take(20).ToList()).Accuracy);
    }

    [Fact]
    public void No_examples_scores_zero_without_dividing_by_zero()
    {
        var scores = Scoring.Score([]);

        Assert.Equal(0, scores.Count);
        Assert.Equal(0, scores.ExactMatch);
        Assert.Null(scores.MacroF1);
    }
}
