using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

using ModelHub.Tests.Dashboard.Browser;
using ModelHub.Tests.Datasets.Browser;
using ModelHub.Tests.FineTuning.Browser;
using ModelHub.Tests.Identity.Browser;
using ModelHub.Tests.Promotions.Browser;
using ModelHub.Tests.Registry.Browser;

namespace ModelHub.Tests.Layout.Browser;

/// <summary>A page's data is read once per page load: while prerendering, and handed to the circuit instead of read again.</summary>
[Trait("Category", "Browser")]
public sealed class PrerenderedStateBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true, settings: new Dictionary<string, string?>
{
    // EF Core's SQL log is how the test counts the queries a page load makes.
    ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
}))
{
    private const string Email = "admin@example.com";
    private const string Password = "admin-password-2026";

    // Each page and the tables only its own query reads together (the job tracker also reads FineTuneJobs in the background).
    private static readonly (string Path, string Table, string Shown)[] Pages =
    [
        ("/", "\"Deployments\"", "[data-testid=needs-action]"),
        ("/datasets", "\"Datasets\"", "[data-testid=datasets-table]"),
        ("/jobs", "\"FineTuneJobs\" \"AspNetUsers\"", "[data-testid=jobs-table]"),
        ("/models", "\"RegisteredModels\"", "[data-testid=models-table] [data-testid=model-link]"),
        ("/models/sentiment", "\"ModelAliases\"", "[data-testid=deployment-timeline]"),
        ("/models/sentiment/versions/1", "\"MetricPoints\"", "[data-testid=final-metrics]"),
        ("/approvals", "\"PromotionRequests\"", "[data-testid=approve]"),
        ("/users", "\"AspNetUserRoles\"", "[data-testid=users-table]"),
    ];

    [Fact]
    public Task Loading_a_page_in_the_browser_reads_its_data_no_more_often_than_prerendering_alone() =>
        Browser.RunAsync("prerendered-state", async () =>
        {
            var user = await App.CreateUserAsync(Email, Password, Roles.Admin);
            await DashboardSeeder.AddItemsNeedingActionAsync(App.Services, user.Id, Email);
            var page = await Browser.NewPageAsync(App.ServerAddress);
            await page.SignInAsync(Email, Password);

            var doubled = new List<string>();
            foreach (var (path, table, shown) in Pages)
            {
                // Prerendering alone: the page's HTML over plain HTTP with the same cookie, no circuit.
                var mark = App.Logs.Lines.Count;
                var html = await page.Context.APIRequest.GetAsync(path);
                Assert.True(html.Ok, $"{path}: {html.Status}");
                var prerendered = QueriesOn(table, mark);

                // A real page load: prerendering, then the circuit takes over.
                mark = App.Logs.Lines.Count;
                await page.GotoAsync(path);
                await page.WaitForInteractiveAsync();
                await page.Locator(shown).First.WaitForAsync();
                await page.AssertNoErrorUiAsync();
                var loaded = QueriesOn(table, mark);

                Assert.True(prerendered > 0, $"{path}: prerendering read nothing from {table}; the test no longer measures this page.");
                if (loaded != prerendered)
                {
                    doubled.Add($"{path}: {loaded} queries on {table} in the browser, {prerendered} while prerendering:\n"
                        + string.Join("\n", App.Logs.Lines.Skip(mark).Where(l => IsQueryOn(l, table)).Select(l => l[..Math.Min(l.Length, 600)])));
                }
            }

            Assert.True(doubled.Count == 0, string.Join("\n", doubled));
        });

    private int QueriesOn(string table, int after) => App.Logs.Lines.Skip(after).Count(l => IsQueryOn(l, table));

    private static bool IsQueryOn(string line, string tables) =>
        line.Contains("Executed DbCommand", StringComparison.Ordinal) && tables.Split(' ').All(t => line.Contains(t, StringComparison.Ordinal));
}
