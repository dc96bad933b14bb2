using Microsoft.Playwright;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

using ModelHub.Tests.Dashboard.Browser;
using ModelHub.Tests.FineTuning.Browser;
using ModelHub.Tests.Identity.Browser;
using ModelHub.Tests.Layout.Browser;
using ModelHub.Tests.Promotions.Browser;
using ModelHub.Tests.Registry.Browser;

namespace ModelHub.Tests.Datasets.Browser;

[Trait("Category", "Browser")]
public sealed class DatasetsBrowserTests : IAsyncLifetime
{
    private const string EngineerEmail = "engineer@example.com";
    private const string EngineerPassword = "engineer-password-2026";

    private readonly ModelHubFactory app = new(realHttp: true);
    private readonly TempFolder files = new("upload");
    private BrowserSession browser = default!;

    public async Task InitializeAsync()
    {
        browser = await BrowserSession.StartAsync();
        await app.CreateUserAsync(EngineerEmail, EngineerPassword, Roles.Engineer);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await app.DisposeAsync();
        files.Dispose();
    }

    [Fact]
    public async Task An_engineer_sees_line_numbered_errors_then_statistics_histogram_and_cost_of_the_clean_sample()
    {
        try
        {
            await browser.RunAsync("datasets-upload", UploadScenarioAsync);
        }
        catch
        {
            File.WriteAllText(Path.Combine(BrowserSession.ScreenshotFolder, "FAILED-datasets-upload.log"), app.Logs.All);
            throw;
        }
    }

    private async Task UploadScenarioAsync()
    {
        var mistakes = WriteSample(SampleDatasets.FormatMistakesFile, SampleDatasets.FormatMistakes());
        var clean = WriteSample(SampleDatasets.CleanTrainFile, SampleDatasets.CleanTrain());
        var page = await browser.NewPageAsync(app.ServerAddress);
        await page.SignInAsync(EngineerEmail, EngineerPassword);

        await page.GetByRole(AriaRole.Link, new() { Name = "Datasets", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=empty-state]")).ToContainTextAsync("No datasets yet");
        await page.ClickAsync("[data-testid=upload-dataset]");
        await Assertions.Expect(page.Heading()).ToHaveTextAsync("Upload dataset");
        await Assertions.Expect(page.Locator("[data-testid=upload-drop-zone]")).ToHaveAttributeAsync("data-ready", "true");

        // The file with mistakes: errors listed with their line numbers, nothing stored.
        await page.SetInputFilesAsync("[data-testid=upload-drop-zone] input[type=file]", mistakes);
        var broken = page.Locator("[data-testid=upload-item]", new() { HasText = SampleDatasets.FormatMistakesFile });
        await Assertions.Expect(broken.Locator("input[data-testid=upload-name]")).ToHaveValueAsync("format-mistakes");
        await page.ClickAsync("[data-testid=upload-start]");
        await Assertions.Expect(broken.Locator("[data-outcome=has-errors]")).ToContainTextAsync("nothing was stored");
        var invalidJson = broken.Locator("[data-testid=issue-group][data-kind=invalid-json]");
        await Assertions.Expect(invalidJson).ToBeVisibleAsync();
        await Assertions.Expect(invalidJson.Locator("[data-testid=issue-line]").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^line \d+$"));
        await page.AssertNoErrorUiAsync();
        await BrowserSession.ScreenshotAsync(page, "10-dataset-upload-errors");

        // The clean sample: stored, then its page shows statistics, the histogram, the cost estimate and a preview.
        await page.SetInputFilesAsync("[data-testid=upload-drop-zone] input[type=file]", clean);
        var good = page.Locator("[data-testid=upload-item]", new() { HasText = SampleDatasets.CleanTrainFile });
        await good.Locator("input[data-testid=upload-name]").FillAsync("Sentiment train");
        await page.ClickAsync("[data-testid=upload-start]");
        await Assertions.Expect(good.Locator("[data-outcome=stored]")).ToContainTextAsync("300 examples");
        await BrowserSession.ScreenshotAsync(page, "11-dataset-upload-stored");

        // The same bytes again, under another file name, are recognised and not stored twice.
        var copy = WriteSample("copy-of-train.jsonl", SampleDatasets.CleanTrain());
        await page.SetInputFilesAsync("[data-testid=upload-drop-zone] input[type=file]", copy);
        await page.ClickAsync("[data-testid=upload-start]");
        await Assertions.Expect(page.Locator("[data-outcome=already-stored]")).ToContainTextAsync("Sentiment train");

        await good.GetByRole(AriaRole.Link, new() { Name = "Sentiment train" }).ClickAsync();
        await Assertions.Expect(page.Heading()).ToHaveTextAsync("Sentiment train");
        await Assertions.Expect(page.Locator("[data-testid=stat-examples]")).ToHaveTextAsync("300");
        await Assertions.Expect(page.Locator("[data-testid=token-histogram] .apexcharts-canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=cost-row][data-model=gpt-4o-mini] [data-testid=cost-usd]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$\d"));
        Assert.Equal(5, await page.Locator("[data-testid=preview-example]").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=preview-example] [data-role=assistant]").First).ToBeVisibleAsync();
        await page.AssertNoErrorUiAsync();
        await page.WaitForTimeoutAsync(800); // let the bars finish growing for the screenshot
        await BrowserSession.ScreenshotAsync(page, "12-dataset-page");

        // Back on the list, the dataset is there once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Datasets", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=datasets-table] tbody tr")).ToHaveCountAsync(1);
        await BrowserSession.ScreenshotAsync(page, "13-datasets-list");

        // Archiving asks first, then hides the dataset from the list unless archived ones are shown.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sentiment train" }).ClickAsync();
        await page.ClickAsync("[data-testid=archive-dataset]");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Archive dataset?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Archive", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=dataset-status]")).ToHaveTextAsync("Archived");
        await Assertions.Expect(page.Locator("[data-testid=archive-dataset]")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Datasets", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=datasets-table]")).ToContainTextAsync("Every dataset is archived");
        await page.GetByLabel("Show archived").CheckAsync();
        await Assertions.Expect(page.Locator("[data-testid=datasets-table] tbody tr", new() { HasText = "Sentiment train" })).ToContainTextAsync("Archived");
        await page.AssertNoErrorUiAsync();
    }

    private string WriteSample(string fileName, string content)
    {
        var path = Path.Combine(files.Path, fileName);
        File.WriteAllText(path, content);
        return path;
    }
}
