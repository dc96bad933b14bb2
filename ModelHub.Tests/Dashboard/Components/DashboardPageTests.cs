using Bunit;
using ModelHub.Tests.Support;
using DashboardPage = ModelHub.Web.Components.Pages.Dashboard.Dashboard;

namespace ModelHub.Tests.Dashboard.Components;

public sealed class DashboardPageTests : SignedInComponentTest
{
    [Fact]
    public void A_new_instance_shows_the_getting_started_checklist_with_nothing_ticked_and_empty_lists_that_say_what_to_do()
    {
        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=getting-started]")));
        var steps = cut.FindAll("[data-testid=checklist-step]");
        Assert.Equal(
            ["Download the sample datasets", "Upload a dataset", "Launch a fine-tune job", "Run a gate", "Request promotion"],
            steps.Select(s => s.QuerySelector("p")!.TextContent.Replace("To do: ", "").Trim()).ToArray());
        Assert.All(steps, s => Assert.Equal("false", s.GetAttribute("data-done")));
        Assert.Equal("0 of 5 done", cut.Find("[data-testid=getting-started-progress]").TextContent.Trim());
        Assert.Equal("/datasets", cut.FindAll("[data-testid=checklist-action]")[0].GetAttribute("href"));

        Assert.Equal(5, cut.FindAll("[data-testid=action-empty]").Count);
        Assert.Contains("Nothing waits for a reviewer", cut.Find("[data-testid=pending-approvals]").TextContent);
        Assert.Contains("run its gate before requesting promotion", cut.Find("[data-testid=ungated-staging]").TextContent);
        Assert.DoesNotContain("Team by role", cut.Markup);
    }

    [Fact]
    public async Task The_checklist_ticks_off_the_steps_the_data_shows_done()
    {
        await DatasetSeeder.AddCleanSampleAsync(Services, UserId);

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Equal("2 of 5 done", cut.Find("[data-testid=getting-started-progress]").TextContent.Trim()));
        Assert.Equal(["true", "true", "false", "false", "false"], cut.FindAll("[data-testid=checklist-step]").Select(s => s.GetAttribute("data-done") ?? "").ToArray());
        // The next step is the one offered first.
        Assert.Equal("/jobs/new", cut.Find("[data-testid=checklist-action]").GetAttribute("href"));
    }

    [Fact]
    public async Task Items_needing_action_are_listed_with_links_to_where_they_are_acted_on_and_the_finished_checklist_is_gone()
    {
        await DashboardSeeder.AddItemsNeedingActionAsync(Services, UserId, Email);

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=needs-action]")));
        Assert.Empty(cut.FindAll("[data-testid=getting-started]"));
        AssertItem(cut, "pending-approvals", "sentiment v2", "/approvals");
        AssertItem(cut, "failed-jobs", "summarizer", "/jobs/");
        Assert.Contains(DashboardSeeder.FailedJobError, cut.Find("[data-testid=failed-jobs]").TextContent);
        AssertItem(cut, "failed-gate-runs", "summarizer v1", "/models/summarizer/versions/1/gate");
        AssertItem(cut, "ungated-staging", "classifier v1", "/models/classifier/versions/1/gate");
        AssertItem(cut, "recent-rollbacks", "sentiment back to v1", "/models/sentiment");
        Assert.Contains("v3 answered in the wrong language", cut.Find("[data-testid=recent-rollbacks]").TextContent);
    }

    private static void AssertItem(IRenderedComponent<DashboardPage> cut, string list, string text, string hrefStart)
    {
        var item = Assert.Single(cut.FindAll($"[data-testid={list}] [data-testid=action-item]"));
        Assert.Contains(text, item.TextContent);
        Assert.StartsWith(hrefStart, item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("1", cut.Find($"[data-testid={list}] [data-testid=action-count]").TextContent.Trim());
    }
}
