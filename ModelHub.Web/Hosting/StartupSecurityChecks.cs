using ModelHub.Core.Identity;

namespace ModelHub.Web.Hosting;

/// <summary>What start-up tells the operator about security: an unencrypted key ring outside Development, and the first-run setup code.</summary>
internal static class StartupSecurityChecks
{
    public static async Task RunStartupSecurityChecksAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupSecurityChecks).FullName!);
        // Loads the certificate now, so a wrong path or password stops start-up instead of the first sign-in.
        if (app.Services.GetRequiredService<KeyRingCertificate>().Certificate is null && !app.Environment.IsDevelopment())
        {
            logger.LogWarning(
                "The DataProtection key ring (sign-in cookies, antiforgery tokens) is stored unencrypted in the data folder. "
                + "Set {PathKey} to a PKCS#12 certificate and {PasswordKey} (environment) to encrypt it at rest.",
                KeyRingCertificate.PathKey, KeyRingCertificate.PasswordKey);
        }

        await app.Services.GetRequiredService<SetupCode>().IssueIfSetupRequiredAsync();
    }
}
