using Microsoft.Playwright;

namespace ModelHub.Tests.Support;

/// <summary>What a person does in ModelHub's UI, as reusable browser steps.</summary>
public static class PageSteps
{
    /// <summary>Waits until the Blazor circuit is connected, so clicks reach the server.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#mh-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForInteractiveAsync();
    }

    public static async Task SignOutAsync(this IPage page)
    {
        await page.ClickAsync(UserMenuButton);
        await page.ClickAsync("[data-testid=sign-out]");
        // Wait for what the user sees, not for a URL event that a busy machine may report late.
        await page.Locator("[data-testid=sign-in]").WaitForAsync();
    }

    public const string UserMenuButton = ".mh-user-menu button";

    public static ILocator Heading(this IPage page) => page.Locator("h1");

    /// <summary>Fails when the page shows ModelHub's error notice or Blazor's own error bar.</summary>
    public static async Task AssertNoErrorUiAsync(this IPage page)
    {
        Assert.Equal(0, await page.Locator("[data-testid=error-notice]").CountAsync());
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
    }
}
