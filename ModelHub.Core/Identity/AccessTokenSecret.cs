using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Core.Identity;

/// <summary>Creates and hashes access token secrets; the secret itself is never stored.</summary>
public static class AccessTokenSecret
{
    public const string Marker = "mh_";

    /// <summary>Shortest secret accepted, also for a bootstrap token supplied by the operator.</summary>
    public const int MinimumLength = 32;

    /// <summary>A new random secret: <c>mh_</c> followed by 43 URL-safe characters (256 bits).</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Marker + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Lower-case hex SHA-256 of the secret; a fast hash is right here because the secret has 256 bits of entropy.</summary>
    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The part of the secret shown in lists so owners can tell tokens apart.</summary>
    public static string PrefixOf(string secret) => secret[..Math.Min(secret.Length, 8)];
}
