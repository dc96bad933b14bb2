namespace ModelHub.Core.Webhooks;

/// <summary>
/// Protects signing secrets at rest. They must be recoverable (ModelHub signs with them), so they are encrypted, not
/// hashed; the host supplies the key ring (ASP.NET Data Protection), which Core does not reference.
/// </summary>
public interface IWebhookSecretProtector
{
    /// <summary>The secret, encrypted for storage.</summary>
    string Protect(string secret);

    /// <summary>The secret back from <see cref="Protect"/>.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key that protected it is gone.</exception>
    string Unprotect(string protectedSecret);
}
