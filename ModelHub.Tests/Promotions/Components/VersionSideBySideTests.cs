using Bunit;
using ModelHub.Core.Promotions;
using ModelHub.Web.Components.Pages.Promotions;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Components;

public sealed class VersionSideBySideTests : ComponentTest
{
    private static readonly EvaluationScores Candidate = new(6, 5.0 / 6, 5.0 / 6, 0.82,
        [new("negative", 0.67, 1, 0.8, 2), new("neutral", 1, 0.5, 0.67, 2), new("positive", 1, 1, 1, 2)]);

    private static readonly ConfusionMatrix CandidateConfusion = new(["negative", "neutral", "positive"],
        [new("negative", [2, 0, 0], 0), new("neutral", [1, 1, 0], 0), new("positive", [0, 0, 2], 0)]);

    private static readonly ProductionEvidence Production = new(1,
        new EvaluationScores(6, 2.0 / 6, 2.0 / 6, 0.17, [new("negative", 0, 0, 0, 2), new("neutral", 0, 0, 0, 2), new("positive", 0.33, 1, 0.5, 2)]),
        new ConfusionMatrix(["negative", "neutral", "positive"], [new("negative", [0, 0, 2], 0), new("neutral", [0, 0, 2], 0), new("positive", [0, 0, 2], 0)]),
        DisagreementCount: 4,
        Disagreements:
        [
            new(3, "dull and long", "negative", "negative", "positive"), new(4, "a waste of time", "negative", "negative", "positive"),
            new(5, "it was fine", "neutral", "neutral", "positive"), new(6, "neither good nor bad", "neutral", "negative", "positive"),
        ],
        ReusedFromGateRunId: 7);

    [Fact]
    public void Candidate_and_production_scores_stand_side_by_side_with_the_change()
    {
        var cut = Render<VersionSideBySide>(p => p
            .Add(c => c.CandidateVersion, 2).Add(c => c.Candidate, Candidate).Add(c => c.CandidateConfusion, CandidateConfusion)
            .Add(c => c.Production, Production).Add(c => c.Title, "Run #9"));

        var scores = cut.Find("[data-testid=side-by-side-scores]");
        Assert.Equal(["Run #9", "Candidate v2", "Production (v1)", "Change"], scores.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()));
        var accuracy = scores.QuerySelectorAll("tbody tr").First(tr => tr.QuerySelector("th")!.TextContent == "accuracy");
        Assert.Equal(["0.833", "0.333", "+0.500"], accuracy.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        var neutral = scores.QuerySelectorAll("tbody tr").First(tr => tr.QuerySelector("th")!.TextContent == "F1 · neutral");
        Assert.Equal(["0.670", "0.000", "+0.670"], neutral.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Contains("reused from gate run #7", cut.Find("[data-testid=production-reused]").TextContent);
    }

    [Fact]
    public void Each_version_has_a_confusion_matrix_table_with_a_caption_and_row_and_column_headers()
    {
        var cut = Render<VersionSideBySide>(p => p
            .Add(c => c.CandidateVersion, 2).Add(c => c.Candidate, Candidate).Add(c => c.CandidateConfusion, CandidateConfusion)
            .Add(c => c.Production, Production));

        var production = cut.Find("[data-testid=confusion-production]");
        Assert.Equal("Production v1: expected vs answered", production.QuerySelector("caption")!.TextContent.Trim());
        Assert.Equal(["negative", "neutral", "positive", "other"], production.QuerySelectorAll("thead th[scope=col]").Skip(1).Select(th => th.TextContent));
        Assert.Equal(["negative", "neutral", "positive"], production.QuerySelectorAll("tbody th[scope=row]").Select(th => th.TextContent));
        Assert.Equal(["0", "0", "2", "0"], production.QuerySelectorAll("tbody tr")[1].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal("Candidate v2: expected vs answered", cut.Find("[data-testid=confusion-candidate] caption").TextContent.Trim());
    }

    [Fact]
    public void The_examples_where_they_disagree_show_input_expected_and_both_answers_up_to_the_cap()
    {
        var cut = Render<VersionSideBySide>(p => p
            .Add(c => c.CandidateVersion, 2).Add(c => c.Candidate, Candidate).Add(c => c.Production, Production).Add(c => c.MaxDisagreements, 3));

        var table = cut.Find("[data-testid=disagreements]");
        Assert.Equal("3 of 4 examples where v2 and v1 answer differently", table.QuerySelector("caption")!.TextContent.Trim());
        Assert.Equal(["Line", "Input", "Expected", "Candidate v2", "Production v1"], table.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var first = table.QuerySelectorAll("tbody tr")[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["3", "dull and long", "negative", "negative ✓", "positive ✗"], first);
        Assert.Equal(3, table.QuerySelectorAll("tbody tr").Length);
    }

    [Fact]
    public void Without_a_production_version_it_says_so_and_shows_no_production_numbers()
    {
        var cut = Render<VersionSideBySide>(p => p
            .Add(c => c.CandidateVersion, 2).Add(c => c.Candidate, Candidate).Add(c => c.CandidateConfusion, CandidateConfusion));

        Assert.Contains("nothing to compare with", cut.Find("[data-testid=no-production]").TextContent);
        Assert.Equal(["Metric", "Candidate v2"], cut.FindAll("[data-testid=side-by-side-scores] thead th").Select(th => th.TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=confusion-production]"));
        Assert.Empty(cut.FindAll("[data-testid=disagreements]"));
    }

    [Fact]
    public void Evidence_from_before_production_was_compared_says_production_was_not_evaluated()
    {
        var cut = Render<VersionSideBySide>(p => p
            .Add(c => c.CandidateVersion, 2).Add(c => c.Candidate, Candidate).Add(c => c.Production, new ProductionEvidence(1, null)));

        Assert.Contains("not evaluated on this dataset", cut.Find("[data-testid=production-not-evaluated]").TextContent);
        Assert.Contains("not evaluated", cut.Find("[data-testid=side-by-side-scores] tbody tr td:nth-child(3)").TextContent);
    }
}
