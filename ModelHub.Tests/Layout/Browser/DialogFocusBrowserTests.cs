using Microsoft.Playwright;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Layout.Browser;

/// <summary>
/// A dialog that asks for text puts the focus in its field and leaves it there. MudBlazor's focus trap used to focus a
/// hidden element of its own one round trip after the field's AutoFocus, so whatever the user typed in between went
/// nowhere (a reason saved truncated, or a confirm button left disabled).
/// </summary>
[Trait("Category", "Browser")]
public sealed class DialogFocusBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true))
{
    private const string Password = "dialog-focus-password-2026";

    // Longer than the trap's round trip on any machine this runs on; the trap's focus used to land within ~50-400 ms.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    [Fact]
    public Task Every_dialog_that_asks_for_text_keeps_the_focus_in_its_field_and_gives_it_back_on_close() =>
        Browser.RunAsync("dialog-focus", async () =>
        {
            var admin = await App.CreateUserAsync("admin@example.com", Password, Roles.Admin, Roles.Engineer, Roles.OnCall);
            // v1 was in production before v2 (a rollback target); v3 in staging with a passed gate (a promotion to request).
            for (var version = 1; version <= 3; version++)
            {
                await RegistrySeeder.AddVersionAsync(App.Services, "sentiment", admin.Id);
                await RegistrySeeder.SetStageAsync(App.Services, "sentiment", version, version < 3 ? ModelStage.Production : ModelStage.Staging, admin.Id);
            }

            await PromotionSeeder.AddGateRunAsync(App.Services, "sentiment", 3, GateRunStatus.Passed, admin.Id);
            var page = await Browser.NewPageAsync(App.ServerAddress);
            await page.SignInAsync("admin@example.com", Password);

            await AssertFieldKeepsFocusAsync(page, "/models/sentiment/versions/3", "[data-testid=request-promotion]", "textarea[data-testid=reason-input]");
            await AssertFieldKeepsFocusAsync(page, "/", "[data-testid=rollback-sentiment]", "textarea[data-testid=rollback-reason]");
            await AssertFieldKeepsFocusAsync(page, "/users", "[data-testid=new-user]", "input[data-testid=new-user-email]");
            await AssertFieldKeepsFocusAsync(page, "/webhooks", "[data-testid=new-webhook]", "input[data-testid=webhook-url]");
        });

    private static async Task AssertFieldKeepsFocusAsync(IPage page, string path, string opener, string field)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
        await page.ClickAsync(opener);
        await Assertions.Expect(page.Locator(field)).ToBeFocusedAsync();
        await Task.Delay(Settle);
        await Assertions.Expect(page.Locator(field)).ToBeFocusedAsync(new() { Timeout = 1 });
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        // Closing gives the focus back to the button that opened the dialog, where a keyboard user left off.
        await Assertions.Expect(page.Locator(opener)).ToBeFocusedAsync();
    }
}
