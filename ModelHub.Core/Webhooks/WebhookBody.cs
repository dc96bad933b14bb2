using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelHub.Core.Webhooks;

/// <summary>The bytes posted for an event: the <c>{id, type, occurredAt, data}</c> envelope, or Slack's <c>{"text": …}</c>.</summary>
public static class WebhookBody
{
    /// <summary>The body of <paramref name="e"/> in <paramref name="format"/>, as UTF-8 JSON.</summary>
    public static byte[] For(WebhookEvent e, WebhookFormat format)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (format == WebhookFormat.Slack)
            {
                json.WriteString("text", SlackText(e));
            }
            else
            {
                json.WriteString("id", e.Id);
                json.WriteString("type", e.Type);
                json.WriteString("occurredAt", e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WritePropertyName("data");
                json.WriteRawValue(e.Data);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>One line a person reads in a chat channel: what happened, to what, by whom, and why.</summary>
    public static string SlackText(WebhookEvent e)
    {
        using var doc = JsonDocument.Parse(e.Data);
        var data = doc.RootElement;
        var text = new StringBuilder("ModelHub: ").Append(e.Type);
        var subject = Text(data, "objectName") ?? Version(data) ?? Text(data, "model");
        if (subject is not null)
        {
            text.Append(" — ").Append(subject);
        }

        if (Text(data, "actor") is { } actor && actor != "system")
        {
            text.Append(" by ").Append(actor);
        }

        var why = Text(data, "reason") ?? (data.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? Text(error, "message") : null);
        if (why is not null)
        {
            text.Append(": ").Append(why);
        }

        return text.ToString();
    }

    private static string? Version(JsonElement data) =>
        Text(data, "model") is { } model && data.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? $"{model} v{v}" : null;

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
