using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Core.Webhooks;
using ModelHub.Tests.Support;
using WebhooksPage = ModelHub.Web.Components.Pages.Webhooks.Webhooks;
using ModelHub.Web.Hosting;
using MudBlazor;

namespace ModelHub.Tests.Webhooks.Components;

public sealed class WebhooksPageTests : SignedInComponentTest
{
    private const string Secret = "page-secret-abcdefghijklmnop";

    public WebhooksPageTests()
        : base([ModelHub.Core.Identity.Roles.Admin], services =>
        {
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
            services.AddSingleton<IWebhookSecretProtector, WebhookSecretProtection>();
        })
    {
    }

    [Fact]
    public void With_no_webhooks_the_page_says_so()
    {
        var cut = Render<WebhooksPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-webhooks]")));
        Assert.Equal("Webhooks", cut.Find("h1").TextContent.Trim());
    }

    [Fact]
    public async Task A_webhook_is_listed_with_its_events_and_a_masked_secret_only()
    {
        await CreateAsync("https://hooks.example.com/ci", [WebhookEventTypes.Rollback, WebhookEventTypes.PromotionRequested]);

        var cut = Render<WebhooksPage>();

        cut.WaitForAssertion(() => Assert.Contains("https://hooks.example.com/ci", cut.Find("[data-testid=webhooks-table]").TextContent));
        Assert.Contains("promotion.requested", cut.Markup);
        Assert.Contains("rollback", cut.Markup);
        Assert.Equal("••••••••mnop", cut.Find("[data-testid=webhook-secret]").TextContent);
        Assert.DoesNotContain(Secret, cut.Markup);
    }

    [Fact]
    public async Task Adding_a_webhook_through_the_dialog_lists_it_and_a_bad_url_is_explained()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<WebhooksPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-webhooks]")));

        // The click's handler waits for the dialog to close, so it completes only after the save.
        var opening = cut.Find("[data-testid=new-webhook]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("input[data-testid=webhook-url]")));
        dialogs.Find("input[data-testid=webhook-url]").Change("http://10.0.0.7/hook");
        dialogs.Find("input[data-testid=webhook-secret-input]").Change(Secret);
        dialogs.FindAll("input[type=checkbox]")[WebhookEventTypes.All.ToList().IndexOf(WebhookEventTypes.Rollback)].Change(true);
        await dialogs.Find("form#webhook-form").SubmitAsync();
        dialogs.WaitForAssertion(() => Assert.Contains("private address", dialogs.Find("[data-testid=webhook-error]").TextContent));

        dialogs.Find("input[data-testid=webhook-url]").Change("https://hooks.example.com/new");
        await dialogs.Find("form#webhook-form").SubmitAsync();
        await opening;

        cut.WaitForAssertion(() => Assert.Contains("https://hooks.example.com/new", cut.Find("[data-testid=webhooks-table]").TextContent));
        var stored = Assert.Single(await Services.GetRequiredService<WebhookQueries>().ListAsync());
        Assert.Equal([WebhookEventTypes.Rollback], stored.Events);
        Assert.DoesNotContain(Secret, cut.Markup);
    }

    [Fact]
    public async Task The_delivery_log_opens_for_an_endpoint()
    {
        await CreateAsync("https://hooks.example.com/log", [WebhookEventTypes.Rollback]);
        var cut = Render<WebhooksPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=webhooks-table]")));

        await cut.Find("button[aria-label='Deliveries of https://hooks.example.com/log']").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Nothing sent yet.", cut.Find("[data-testid=webhook-deliveries]").TextContent));
    }

    private async Task CreateAsync(string url, string[] events)
    {
        var created = await Services.GetRequiredService<CreateWebhook>().CreateAsync(new WebhookInput(url, Secret, events, true), Actor.User(UserId, Email));
        Assert.True(created.Succeeded, created.Error?.Message);
    }
}
