using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Web.Components.Pages.Profile;

using ModelHub.Tests.Audit.Components;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Components;

public sealed class ProfilePageTests : SignedInComponentTest
{

    [Fact]
    public void A_user_without_tokens_sees_the_empty_state_and_the_form()
    {
        var cut = Render<Profile>();

        cut.WaitForAssertion(() => Assert.Contains("No access tokens", cut.Markup));
        Assert.Equal("Profile", cut.Find("h1").TextContent.Trim());
        Assert.Contains("Signed in as ana@example.com", cut.Markup);
        Assert.NotNull(cut.Find("[data-testid=token-create]"));
        Assert.Empty(cut.FindAll("[data-testid=tokens-table]"));
    }

    [Fact]
    public void The_token_name_field_shows_and_enforces_the_name_limit()
    {
        var cut = Render<Profile>();

        var name = cut.Find("input[data-testid=token-name]");
        Assert.Equal("100", name.GetAttribute("maxlength"));
        Assert.Contains("0 / 100", cut.Markup);
    }

    [Fact]
    public async Task Creating_a_token_shows_its_secret_once_lists_it_and_copies_it_to_the_clipboard()
    {
        var clipboard = JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);
        var cut = Render<Profile>();
        cut.WaitForAssertion(() => Assert.Contains("No access tokens", cut.Markup));

        cut.Find("input[data-testid=token-name]").Change("ci-pipeline");
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=token-issued]")));
        var secret = cut.Find("[data-testid=token-secret]").TextContent;
        Assert.StartsWith(AccessTokenSecret.Marker, secret);
        // The list reloads after the secret is shown; on a busy machine that can take a render or two.
        cut.WaitForAssertion(() => Assert.Contains("ci-pipeline", cut.Find("[data-testid=tokens-table]").TextContent));
        Assert.Contains(AccessTokenSecret.PrefixOf(secret), cut.Find("[data-testid=tokens-table]").TextContent);

        var stored = await Services.GetRequiredService<AccessTokens>().ListAsync(UserId);
        Assert.Equal("ci-pipeline", Assert.Single(stored).Name);

        await cut.Find("[data-testid=token-issued] button[aria-label='Copy token']").ClickAsync(new());
        var call = Assert.Single(clipboard.Invocations);
        Assert.Equal(secret, call.Arguments[0]);

        // Reopening the page never shows the secret again: only its prefix.
        var reopened = Render<Profile>();
        reopened.WaitForAssertion(() => Assert.Contains("ci-pipeline", reopened.Markup));
        Assert.DoesNotContain(secret, reopened.Markup);
    }
}
