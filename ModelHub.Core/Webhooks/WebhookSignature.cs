using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Core.Webhooks;

/// <summary>The <c>X-ModelHub-Signature</c> value: <c>sha256=</c> and the lower-hex HMAC-SHA256 of <c>timestamp + "." + body</c>.</summary>
public static class WebhookSignature
{
    /// <summary>Signs <paramref name="body"/> as sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>True when <paramref name="signature"/> is the signature of <paramref name="body"/>; compares in constant time.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
