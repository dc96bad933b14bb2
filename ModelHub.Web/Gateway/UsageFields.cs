using System.Text.Json;

namespace ModelHub.Web.Gateway;

/// <summary>Reads <c>usage.prompt_tokens</c> / <c>usage.completion_tokens</c> from a completion or a stream chunk.</summary>
internal static class UsageFields
{
    private static ReadOnlySpan<byte> UsageName => "\"usage\""u8;

    /// <summary>True when the JSON text has a <c>"usage"</c> property whose value is an object (cheap: no parsing).</summary>
    public static bool MayHoldUsage(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf(UsageName);
        while (at >= 0)
        {
            var rest = json[(at + UsageName.Length)..].TrimStart(" \t"u8);
            if (rest.Length > 1 && rest[0] == (byte)':' && rest[1..].TrimStart(" \t"u8) is [(byte)'{', ..])
            {
                return true;
            }

            var next = json[(at + 1)..].IndexOf(UsageName);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    /// <summary>The tokens a top-level <c>usage</c> object reports, and whether <c>choices</c> is an empty array (the usage-only chunk).</summary>
    public static bool TryRead(ReadOnlyMemory<byte> json, out int input, out int output, out bool usageOnly)
    {
        input = output = 0;
        usageOnly = false;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            input = Count(usage, "prompt_tokens");
            output = Count(usage, "completion_tokens");
            usageOnly = root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() == 0;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0 ? count : 0;
}
