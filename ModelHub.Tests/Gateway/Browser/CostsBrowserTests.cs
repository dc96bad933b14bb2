using Microsoft.Playwright;
using ModelHub.Tests.Gateway.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Browser;

/// <summary>Traffic through the gateway, then the Costs page in Chromium: the spend chart is drawn and the tables list it.</summary>
public sealed class CostsBrowserTests : IAsyncLifetime
{
    private GatewayFixture gateway = null!;
    private BrowserSession browser = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync(realHttp: true);
        await gateway.SeedTwoVersionsAsync();
        browser = await BrowserSession.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_Costs_page_draws_the_spend_chart_after_traffic() => await browser.RunAsync(nameof(The_Costs_page_draws_the_spend_chart_after_traffic), async () =>
    {
        var client = gateway.Client(gateway.ApplicationToken);
        for (var i = 0; i < 6; i++)
        {
            (await GatewayFixture.ChatAsync(client, GatewayFixture.Model + (i % 2 == 0 ? "" : "@staging"), stream: i % 3 == 0)).EnsureSuccessStatusCode();
        }

        await gateway.FlushedUsageAsync();
        var page = await browser.NewPageAsync(gateway.App.ServerAddress);
        await page.SignInAsync("engineer@example.com", GatewayFixture.Password);
        await page.GotoAsync("/costs");

        await Assertions.Expect(page.Locator("#spend-chart .apexcharts-canvas")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#spend-chart .apexcharts-series[seriesName]")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("costs-by-version")).ToContainTextAsync("support-bot v1");
        await Assertions.Expect(page.GetByTestId("costs-by-version")).ToContainTextAsync("support-bot v2");
        await Assertions.Expect(page.GetByTestId("top-callers")).ToContainTextAsync("billing-app@example.com");
    });
}
