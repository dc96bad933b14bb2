using Microsoft.AspNetCore.DataProtection;
using ModelHub.Core.Webhooks;

namespace ModelHub.Web.Hosting;

/// <summary>Webhook signing secrets encrypted with the app's Data Protection key ring (kept in the data folder).</summary>
internal sealed class WebhookSecretProtection(IDataProtectionProvider provider) : IWebhookSecretProtector
{
    // The purpose string isolates these payloads: no other protector in the app can read them, nor these theirs.
    private readonly IDataProtector protector = provider.CreateProtector("ModelHub.Webhooks.SigningSecret.v1");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}
