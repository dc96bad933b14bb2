using Bunit;
using ModelHub.Core.Audit;
using ModelHub.Web.Components.Pages.Audit;

using ModelHub.Tests.Identity.Components;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Audit.Components;

/// <summary>Each audited object links to the page that shows it, so a reader can go from "what changed" to "what it is now".</summary>
public sealed class AuditObjectLinkTests : ComponentTest
{
    [Theory]
    [InlineData(AuditObjects.Dataset, "7", "reviews", "/datasets/7")]
    [InlineData(AuditObjects.Job, "12", "sentiment on gpt-4o-mini", "/jobs/12")]
    [InlineData(AuditObjects.Model, "3", "sentiment", "/models/sentiment")]
    [InlineData(AuditObjects.Gate, "3", "sentiment", "/models/sentiment")]
    [InlineData(AuditObjects.Alias, "3:canary", "sentiment @canary", "/models/sentiment")]
    [InlineData(AuditObjects.Version, "41", "sentiment v4", "/models/sentiment/versions/4")]
    [InlineData(AuditObjects.GateRun, "9", "sentiment v12", "/models/sentiment/versions/12")]
    [InlineData(AuditObjects.Promotion, "5", "my.model-v2 v3", "/models/my.model-v2/versions/3")]
    public void Objects_with_a_page_link_to_it(string type, string id, string name, string href)
    {
        var cut = Render<AuditObjectLink>(p => p.Add(c => c.Entry, Entry(type, id, name)));

        Assert.Equal(href, cut.Find("a").GetAttribute("href"));
        Assert.Equal(name, cut.Find("a").TextContent);
    }

    [Theory]
    [InlineData(AuditObjects.Settings, "pricing", null)]
    [InlineData(AuditObjects.Version, "41", "no version number")]
    public void Objects_without_a_page_are_plain_text(string type, string id, string? name)
    {
        var cut = Render<AuditObjectLink>(p => p.Add(c => c.Entry, Entry(type, id, name)));

        Assert.Empty(cut.FindAll("a"));
        Assert.Contains(name ?? id, cut.Markup);
    }

    private static AuditEntryView Entry(string type, string id, string? name) =>
        new(1, Guid.NewGuid(), DateTimeOffset.UtcNow, null, "system", "x", type, id, name, null, null, null);
}
