using System.Text.RegularExpressions;

namespace ModelHub.Core.Providers;

/// <summary>Removes API keys from text that came back from a provider before it reaches logs or users.</summary>
internal static partial class SecretRedactor
{
    public static string Redact(string text, string? apiKey)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            text = text.Replace(apiKey, "[redacted]", StringComparison.Ordinal);
        }

        // Providers echo partial keys ("Incorrect API key provided: sk-ab***yz"); drop anything key-shaped.
        return KeyShaped().Replace(text, "[redacted]");
    }

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-\*]{4,}")]
    private static partial Regex KeyShaped();
}
