using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace ModelHub.Web.Hosting;

/// <summary>
/// The certificate that encrypts the DataProtection key ring at rest (<c>ModelHub:DataProtection:CertificatePath</c>, a
/// PKCS#12 file with an RSA key; its password in <c>ModelHub:DataProtection:CertificatePassword</c>, from the environment).
/// Loaded lazily because configuration overrides (environment, tests) are only complete once the host is built.
/// </summary>
internal sealed class KeyRingCertificate(IConfiguration configuration)
{
    public const string PathKey = "ModelHub:DataProtection:CertificatePath";
    public const string PasswordKey = "ModelHub:DataProtection:CertificatePassword";

    private readonly Lazy<X509Certificate2?> certificate = new(() => Load(configuration));

    /// <summary>The configured certificate, or null when none is configured; throws when one is configured but unusable.</summary>
    public X509Certificate2? Certificate => certificate.Value;

    private static X509Certificate2? Load(IConfiguration configuration)
    {
        var path = configuration[PathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The key-ring certificate file '{path}' ({PathKey}) does not exist.");
        }

        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[PasswordKey]);
        }
        catch (CryptographicException)
        {
            // Never the password itself: only which setting to check.
            throw new InvalidOperationException($"The key-ring certificate '{path}' could not be opened: check {PasswordKey} and that the file is PKCS#12 (.pfx).");
        }

        using var rsa = loaded.GetRSAPrivateKey();
        return rsa is null
            ? throw new InvalidOperationException($"The key-ring certificate '{path}' needs an RSA private key.")
            : loaded;
    }
}

/// <summary>Encrypts new keys with the configured certificate and names <see cref="KeyRingDecryptor"/> to read them back.</summary>
internal sealed class KeyRingEncryptor(X509Certificate2 certificate, ILoggerFactory loggers) : IXmlEncryptor
{
    private readonly CertificateXmlEncryptor inner = new(certificate, loggers);

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(inner.Encrypt(plaintextElement).EncryptedElement, typeof(KeyRingDecryptor));
}

/// <summary>Decrypts keys written by <see cref="KeyRingEncryptor"/> with the configured certificate's private key (no certificate store needed).</summary>
/// <remarks>Public with an <see cref="IServiceProvider"/> constructor: DataProtection activates it by the type name stored in each key file.</remarks>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var certificate = services.GetRequiredService<KeyRingCertificate>().Certificate
            ?? throw new InvalidOperationException($"The key ring is encrypted with a certificate, but {KeyRingCertificate.PathKey} is not set.");
        var document = new XmlDocument { XmlResolver = null };
        using (var reader = new XElement("root", encryptedElement).CreateReader())
        {
            document.Load(reader);
        }

        new CertificateEncryptedXml(document, certificate).DecryptDocument();
        using var decrypted = document.DocumentElement!.FirstChild!.CreateNavigator()!.ReadSubtree();
        return XElement.Load(decrypted);
    }

    private sealed class CertificateEncryptedXml(XmlDocument document, X509Certificate2 certificate) : EncryptedXml(document)
    {
        public override byte[]? DecryptEncryptedKey(EncryptedKey encryptedKey)
        {
            using var rsa = certificate.GetRSAPrivateKey();
            return rsa is null || encryptedKey.CipherData.CipherValue is not { } cipher
                ? base.DecryptEncryptedKey(encryptedKey)
                : DecryptKey(cipher, rsa, encryptedKey.EncryptionMethod?.KeyAlgorithm == XmlEncRSAOAEPUrl);
        }
    }
}
