using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using AuditPage = ModelHub.Web.Components.Pages.Audit.Audit;

using ModelHub.Tests.Identity.Components;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Audit.Components;

public sealed class AuditPageTests : SignedInComponentTest
{

    [Fact]
    public void An_empty_log_shows_the_empty_state_and_verifies()
    {
        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Contains("No audit entries match", cut.Markup));
        cut.Find("[data-testid=verify-chain]").Click();
        cut.WaitForAssertion(() => Assert.Contains("The chain is intact: 0 entries checked.", cut.Find("[data-testid=verify-result]").TextContent));
    }

    [Fact]
    public async Task A_tampered_entry_is_named_by_its_sequence_and_reason()
    {
        var log = Services.GetRequiredService<AuditLog>();
        foreach (var id in new[] { "a", "b" })
        {
            await log.WriteAsync((_, trail) =>
            {
                trail.Add(new AuditRecord(Actor.System, AuditActions.SettingsChanged, AuditObjects.Settings, id) { After = """{"value":1}""" });
                return Task.FromResult(id);
            });
        }

        await using (var db = await Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"After\" = {"""{"value":2}"""} WHERE \"Sequence\" = 2");
        }

        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Contains("settings.changed", cut.Markup));
        Assert.Contains("value: 2", cut.Find("[data-testid=audit-table]").TextContent);
        cut.Find("[data-testid=verify-chain]").Click();

        cut.WaitForAssertion(() => Assert.Contains("broken at entry #2", cut.Find("[data-testid=verify-result]").TextContent));
        Assert.Contains("hash mismatch", cut.Find("[data-testid=verify-result]").TextContent);
    }
}
