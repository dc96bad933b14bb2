using ModelHub.Core.Promotions;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Unit;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Rows_are_the_expected_labels_and_columns_what_was_answered_after_normalisation()
    {
        var matrix = ConfusionMatrix.From(
        [
            ("positive", "Positive."), ("positive", "negative"), ("positive", "positive"),
            ("negative", "negative"), ("neutral", "positive"), ("neutral", " Neutral "),
        ])!;

        Assert.Equal(["negative", "neutral", "positive"], matrix.Labels);
        Assert.Equal(["negative", "neutral", "positive"], matrix.Rows.Select(r => r.Expected));
        Assert.Equal([1, 0, 0], matrix.Rows[0].Predicted);
        Assert.Equal([0, 1, 1], matrix.Rows[1].Predicted);
        Assert.Equal([1, 0, 2], matrix.Rows[2].Predicted);
        Assert.All(matrix.Rows, r => Assert.Equal(0, r.Other));
    }

    [Fact]
    public void An_answer_that_is_no_expected_label_is_counted_as_other_in_its_row()
    {
        var matrix = ConfusionMatrix.From([("positive", "I think it is positive"), ("positive", "positive"), ("negative", "mixed")])!;

        Assert.Equal(["negative", "positive"], matrix.Labels);
        Assert.Equal([0, 0], matrix.Rows[0].Predicted);
        Assert.Equal(1, matrix.Rows[0].Other);
        Assert.Equal([0, 1], matrix.Rows[1].Predicted);
        Assert.Equal(1, matrix.Rows[1].Other);
        Assert.Equal(3, matrix.Rows.Sum(r => r.Predicted.Sum() + r.Other));
    }

    [Fact]
    public void Free_text_answers_have_no_matrix()
    {
        Assert.Null(ConfusionMatrix.From([("The capital of France is Paris, of course.", "Paris")]));
        Assert.Null(ConfusionMatrix.From([]));
    }
}
