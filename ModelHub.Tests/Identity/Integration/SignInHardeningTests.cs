using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

/// <summary>Sign-in, first-run setup and account creation give an attacker nothing to work with.</summary>
public sealed class SignInHardeningTests
{
    private const string Password = "sign-in-password-2026";

    [Fact]
    public async Task A_disabled_account_and_a_wrong_password_get_the_same_sign_in_message()
    {
        await using var app = new ModelHubFactory();
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var disabled = await app.CreateUserAsync("disabled@example.com", Password, Roles.Engineer);
        await app.Services.GetRequiredService<UserAdministration>().SetDisabledAsync(disabled.Id, true, Actor.User(admin.Id, "admin@example.com"));

        var disabledPage = await SignInPageAsync(app, "disabled@example.com", Password);
        var wrongPage = await SignInPageAsync(app, "admin@example.com", "not-the-password-2026");
        var unknownPage = await SignInPageAsync(app, "nobody@example.com", Password);

        foreach (var page in new[] { disabledPage, wrongPage, unknownPage })
        {
            Assert.Contains("Sign-in failed: the e-mail or password is not right, or the account cannot sign in right now.", page);
            Assert.DoesNotContain("account is disabled", page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("Qwerty123456!")]
    [InlineData("123456789012")]
    [InlineData("iloveyou2026")]
    public async Task A_common_password_is_refused_with_a_message(string common)
    {
        await using var app = new ModelHubFactory();

        var created = await app.Services.GetRequiredService<UserAdministration>().CreateAsync("someone@example.com", common, [Roles.Engineer], Actor.System);

        Assert.False(created.Succeeded);
        Assert.Contains("most common passwords", created.Error!.Message);
        Assert.Empty(await app.Services.GetRequiredService<UserAdministration>().ListAsync());
    }

    [Fact]
    public async Task First_run_setup_needs_the_one_time_code_printed_at_start_up_and_the_code_works_once()
    {
        await using var app = new ModelHubFactory();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var code = app.SetupCode;
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(code));

        var wrong = await SetupAsync(client, "ABCD-EFGH-JKMN");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The setup code is not right", await wrong.Content.ReadAsStringAsync());
        Assert.Empty(await app.Services.GetRequiredService<UserAdministration>().ListAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await SetupAsync(client, code.ToLowerInvariant())).StatusCode);
        Assert.Single(await app.Services.GetRequiredService<UserAdministration>().ListAsync());
        Assert.False(app.Services.GetRequiredService<SetupCode>().Matches(code));

        // Printed to the console only: never stored in the data folder.
        foreach (var file in Directory.GetFiles(app.DataFolder, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(code, await File.ReadAllTextAsync(file));
        }
    }

    [Fact]
    public async Task With_bootstrap_settings_no_setup_code_is_printed()
    {
        await using var app = new ModelHubFactory(settings: new Dictionary<string, string?>
        {
            ["ModelHub:Bootstrap:AdminEmail"] = "admin@example.com",
            ["ModelHub:Bootstrap:AdminPassword"] = Password,
        });
        _ = app.Services;

        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("setup code"));
    }

    [Fact]
    public async Task Only_admins_see_the_data_folder_path()
    {
        await using var app = new ModelHubFactory();
        await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        await app.CreateUserAsync("engineer@example.com", Password, Roles.Engineer);

        Assert.Contains(app.DataFolder, await SettingsPageAsync(app, "admin@example.com"));
        Assert.DoesNotContain(app.DataFolder, await SettingsPageAsync(app, "engineer@example.com"));
    }

    private static async Task<string> SettingsPageAsync(ModelHubFactory app, string email)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormSignIn.SignInAsync(browser, email, Password);
        using var page = await browser.GetAsync("/settings");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    private static async Task<string> SignInPageAsync(ModelHubFactory app, string email, string password)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await FormSignIn.PostFormAsync(browser, "/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> SetupAsync(HttpClient client, string code) =>
        FormSignIn.PostFormAsync(client, "/setup", new Dictionary<string, string>
        {
            ["Input.SetupCode"] = code,
            ["Input.Email"] = "first@example.com",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });
}
