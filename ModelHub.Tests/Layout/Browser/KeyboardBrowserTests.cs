using Microsoft.Playwright;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

using ModelHub.Tests.Dashboard.Browser;
using ModelHub.Tests.Datasets.Browser;
using ModelHub.Tests.FineTuning.Browser;
using ModelHub.Tests.Identity.Browser;
using ModelHub.Tests.Promotions.Browser;
using ModelHub.Tests.Registry.Browser;

namespace ModelHub.Tests.Layout.Browser;

/// <summary>Sign in, upload, request promotion, approve and roll back with Tab, typing and Enter only.</summary>
[Trait("Category", "Browser")]
public sealed class KeyboardBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true))
{
    private const string Password = "keyboard-password-2026";

    [Fact]
    public Task Sign_in_upload_request_promotion_approve_and_roll_back_work_with_the_keyboard_alone() =>
        Browser.RunAsync("keyboard", async () =>
        {
            var engineer = await App.CreateUserAsync("engineer@example.com", Password, Roles.Engineer);
            await App.CreateUserAsync("reviewer@example.com", Password, Roles.Reviewer, Roles.OnCall);
            await RegistrySeeder.AddVersionAsync(App.Services, "sentiment", engineer.Id);
            await RegistrySeeder.AddVersionAsync(App.Services, "sentiment", engineer.Id);
            await RegistrySeeder.SetStageAsync(App.Services, "sentiment", 1, ModelStage.Production, engineer.Id);
            await RegistrySeeder.SetStageAsync(App.Services, "sentiment", 2, ModelStage.Staging, engineer.Id);
            await PromotionSeeder.AddGateRunAsync(App.Services, "sentiment", 2, GateRunStatus.Passed, engineer.Id);
            var page = await Browser.NewPageAsync(App.ServerAddress);

            await SignInWithKeyboardAsync(page, "engineer@example.com");

            await page.GotoAsync("/datasets");
            await page.WaitForInteractiveAsync();
            await page.TabToAsync("[data-testid=upload-dataset]");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/datasets/upload");

            await page.GotoAsync("/models/sentiment/versions/2");
            await page.WaitForInteractiveAsync();
            await page.TabToAsync("[data-testid=request-promotion]");
            await page.Keyboard.PressAsync("Enter");
            await ConfirmWithKeyboardAsync(page, "[data-testid=reason-input] textarea, textarea[data-testid=reason-input], input[data-testid=reason-input]", "[data-testid=reason-confirm]", "Better on the new labels.");
            await Assertions.Expect(page.Locator("[data-testid=pending-request]")).ToBeVisibleAsync();

            await page.SignOutAsync();
            await SignInWithKeyboardAsync(page, "reviewer@example.com");
            await page.GotoAsync("/approvals");
            await page.WaitForInteractiveAsync();
            await page.TabToAsync("[data-testid=approve]");
            await page.Keyboard.PressAsync("Enter");
            await ConfirmWithKeyboardAsync(page, "[data-testid=reason-input] textarea, textarea[data-testid=reason-input], input[data-testid=reason-input]", "[data-testid=reason-confirm]", "Looks good.");
            await Assertions.Expect(page.GetByText("sentiment v2 is in production.")).ToBeVisibleAsync();

            await page.GotoAsync("/");
            await page.WaitForInteractiveAsync();
            await page.TabToAsync("[data-testid=rollback-sentiment]");
            await page.Keyboard.PressAsync("Enter");
            await ConfirmWithKeyboardAsync(page, "[data-testid=rollback-reason] textarea, textarea[data-testid=rollback-reason], input[data-testid=rollback-reason]", "[data-testid=rollback-confirm]", "Answers in the wrong language.");
            await Assertions.Expect(page.Locator("[data-testid=recent-rollbacks] [data-testid=action-item]")).ToContainTextAsync("sentiment back to v1");
        });

    private static async Task SignInWithKeyboardAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.TabToAsync("#email");
        await page.Keyboard.TypeAsync(email);
        await page.TabToAsync("#password");
        await page.Keyboard.TypeAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForInteractiveAsync();
    }

    private static async Task ConfirmWithKeyboardAsync(IPage page, string field, string confirm, string text)
    {
        await page.Locator(".mud-dialog").WaitForAsync();
        await page.TabToAsync(field);
        await page.Keyboard.TypeAsync(text);
        // Every character reached the field (DialogFocusBrowserTests has why this once failed).
        await Assertions.Expect(page.Locator(field).First).ToHaveValueAsync(text);
        // Leaving the field commits the reason; the confirm button is enabled by the server's re-render, which can lag
        // behind a burst of Tab presses on a busy machine (a disabled button is skipped by Tab).
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(confirm)).ToBeEnabledAsync();
        await page.TabToAsync(confirm);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
    }
}
