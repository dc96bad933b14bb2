using ModelHub.Core.Promotions;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Unit;

public sealed class DisagreementTests
{
    private static readonly IReadOnlyList<EvaluatedExample> Candidate =
    [
        new(3, "meh", "neutral", "neutral"),
        new(1, "great", "positive", "positive"),
        new(2, "awful", "negative", "Negative."),
        new(4, "fine I guess", "neutral", "positive"),
    ];

    [Fact]
    public void Lists_in_file_order_the_examples_the_two_versions_answer_differently()
    {
        var production = new Dictionary<int, string> { [1] = "negative", [2] = "negative", [3] = "positive", [4] = "positive" };

        var disagreements = Disagreement.Between(Candidate, production);

        Assert.Equal(
        [
            new Disagreement(1, "great", "positive", "positive", "negative"),
            new Disagreement(3, "meh", "neutral", "neutral", "positive"),
        ], disagreements);
    }

    [Fact]
    public void Answers_that_differ_only_in_case_space_or_trailing_punctuation_agree()
    {
        var production = new Dictionary<int, string> { [1] = " POSITIVE!", [2] = "negative", [3] = "Neutral.", [4] = "positive" };

        Assert.Empty(Disagreement.Between(Candidate, production));
    }

    [Fact]
    public void A_line_production_has_no_answer_for_is_not_compared()
    {
        Assert.Empty(Disagreement.Between(Candidate, new Dictionary<int, string>()));
    }
}
