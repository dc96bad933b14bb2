using Bunit;
using ModelHub.Core.Datasets;
using ModelHub.Web.Components.Pages.Datasets;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Components;

/// <summary>Text from an uploaded file reaches the page as text: markup in it is shown, never run.</summary>
public sealed class DatasetContentSafetyTests : ComponentTest, IAsyncLifetime
{
    private const string Hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only async-disposable.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void Chat_preview_shows_markup_in_messages_as_text_with_roles_coloured()
    {
        var examples = new[]
        {
            new PreviewExample(1, [new PreviewMessage("user", Hostile), new PreviewMessage("assistant", "fine")]),
        };

        var cut = Render<ChatPreview>(p => p.Add(c => c.Examples, examples));

        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Equal(Hostile, cut.Find("[data-role=user] .mh-chat-text").TextContent);
        Assert.Contains("mh-chat-user", cut.Find("[data-role=user]").ClassName);
        Assert.Contains("mh-chat-assistant", cut.Find("[data-role=assistant]").ClassName);
    }

    [Fact]
    public void Issue_report_shows_markup_in_messages_and_fields_as_text_grouped_by_kind()
    {
        var report = new DatasetReport(
            [new DatasetReportIssue(3, "unknown-role", Hostile, $"Unknown role {Hostile}")],
            [new DatasetReportIssue(5, "blank-line", null, "Blank line.")],
            new Dictionary<string, int> { ["unknown-role"] = 4, ["blank-line"] = 1 });

        var cut = Render<IssueReport>(p => p.Add(c => c.Report, report));

        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("script"));
        var groups = cut.FindAll("[data-testid=issue-group]");
        Assert.Equal(["unknown-role", "blank-line"], groups.Select(g => g.GetAttribute("data-kind")));
        Assert.Contains("4 occurrences, first 1 listed", groups[0].TextContent);
        Assert.Equal("line 3", groups[0].QuerySelector("[data-testid=issue-line]")!.TextContent);
        Assert.Contains($"Unknown role {Hostile}", groups[0].TextContent);
    }
}
