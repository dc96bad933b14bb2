using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

/// <summary>What changes outside Development: Secure cookies, HSTS, forwarded headers, the encrypted key ring, error pages.</summary>
public sealed class TransportSecurityTests
{
    private const string Password = "transport-password-2026";
    private static readonly Uri Https = new("https://modelhub.test");

    [Fact]
    public async Task Outside_Development_every_cookie_is_Secure_and_HTTPS_gets_HSTS()
    {
        await using var app = Production();
        await app.CreateUserAsync("someone@example.com", Password, Roles.Engineer);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = Https });

        using var page = await browser.GetAsync("/account/login");
        Assert.True(page.Headers.Contains("Strict-Transport-Security"));
        var signIn = await FormSignIn.PostFormAsync(browser, "/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = "someone@example.com",
            ["Input.Password"] = Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = page.Headers.GetValues("Set-Cookie").Concat(signIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("ModelHub.Auth=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        // Also when a proxy in front forgets X-Forwarded-Proto: Secure always, not "like the request".
        var auth = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.Equal(CookieSecurePolicy.Always, auth.Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);
    }

    [Fact]
    public async Task The_scheme_a_loopback_proxy_forwards_is_trusted()
    {
        await using var app = Production(realHttp: true);
        using var http = new HttpClient { BaseAddress = app.ServerAddress };

        using var plain = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        plain.Headers.Host = "modelhub.test";
        Assert.False((await http.SendAsync(plain)).Headers.Contains("Strict-Transport-Security"));

        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        proxied.Headers.Host = "modelhub.test";
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.True((await http.SendAsync(proxied)).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Outside_Development_a_page_over_plain_HTTP_says_to_use_HTTPS_instead_of_failing()
    {
        await using var app = Production();
        var plain = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://modelhub.test") });

        using var page = await plain.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("over HTTPS only", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await plain.GetAsync("/api/me")).StatusCode);
        Assert.DoesNotContain(app.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reverse_proxy_setting_that_is_not_an_address_stops_start_up_with_its_name()
    {
        await using var app = new ModelHubFactory(settings: new Dictionary<string, string?> { ["ModelHub:ReverseProxy:KnownProxies:0"] = "not-an-address" });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("KnownProxies", error.ToString());
    }

    [Fact]
    public async Task Signing_out_without_the_antiforgery_token_gets_a_400_page_not_a_server_error()
    {
        await using var app = Production();
        await app.CreateUserAsync("someone@example.com", Password, Roles.Engineer);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = Https });
        await FormSignIn.SignInAsync(browser, "someone@example.com", Password);

        using var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        var page = await forged.Content.ReadAsStringAsync();
        Assert.True(forged.StatusCode == HttpStatusCode.BadRequest, $"{(int)forged.StatusCode}\n{string.Join("\n", app.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)))}");
        Assert.Contains("The request could not be used", page);
        Assert.DoesNotContain("Exception", page);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);

        var signedOut = await FormSignIn.PostFormAsync(browser, "/account/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task With_a_certificate_the_key_ring_is_encrypted_at_rest_and_sign_ins_survive_a_restart()
    {
        using var folder = new TempFolder("keyring");
        var certificate = Path.Combine(folder.Path, "keyring.pfx");
        await File.WriteAllBytesAsync(certificate, SelfSignedPfx("keyring-certificate-password"));
        var settings = new Dictionary<string, string?>
        {
            ["ModelHub:DataProtection:CertificatePath"] = certificate,
            ["ModelHub:DataProtection:CertificatePassword"] = "keyring-certificate-password",
        };
        var data = Path.Combine(folder.Path, "data");
        string cookie;
        await using (var first = new ModelHubFactory(settings: settings, dataFolder: data))
        {
            await first.CreateUserAsync("someone@example.com", Password, Roles.Engineer);
            var browser = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var signIn = await FormSignIn.PostFormAsync(browser, "/account/login", new Dictionary<string, string>
            {
                ["Input.Email"] = "someone@example.com",
                ["Input.Password"] = Password,
            });
            cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ModelHub.Auth=", StringComparison.Ordinal)).Split(';')[0];
        }

        var keys = Directory.GetFiles(Path.Combine(data, "keys"), "*.xml").Select(File.ReadAllText).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("encryptedSecret", key);
            Assert.DoesNotContain("unencrypted form", key);
        });

        await using var restarted = new ModelHubFactory(settings: settings, dataFolder: data);
        var again = restarted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        again.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_start_up_warns_when_the_key_ring_is_not_encrypted()
    {
        await using var app = Production();
        _ = app.Services;

        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("stored unencrypted"));
    }

    private static ModelHubFactory Production(bool realHttp = false) =>
        new(realHttp, new Dictionary<string, string?> { ["environment"] = "Production" });

    private static byte[] SelfSignedPfx(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ModelHub key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.Export(X509ContentType.Pfx, password);
    }
}
