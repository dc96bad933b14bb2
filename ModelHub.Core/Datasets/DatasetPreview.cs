using System.Text;
using System.Text.Json;

namespace ModelHub.Core.Datasets;

/// <summary>One message of a previewed example; <see cref="Content"/> is plain text, to be shown encoded.</summary>
public sealed record PreviewMessage(string Role, string Content);

/// <summary>One example from the top of a stored dataset file.</summary>
public sealed record PreviewExample(int Line, IReadOnlyList<PreviewMessage> Messages);

/// <summary>Reads the first examples of a stored dataset for display, bounded in lines and characters.</summary>
public sealed class DatasetPreview(DatasetFileStore store)
{
    private const int MaxLineChars = 256 * 1024;
    private const int MaxContentChars = 2000;

    public async Task<IReadOnlyList<PreviewExample>> FirstExamplesAsync(string sha256, int count = 5, CancellationToken ct = default)
    {
        var examples = new List<PreviewExample>();
        await using var stream = store.OpenRead(sha256);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[MaxLineChars];
        var line = 0;
        var scanned = 0;
        // Blank lines are allowed (a warning); skip them, but never read far into a huge file.
        while (examples.Count < count && scanned++ < count * 20 && await ReadLineAsync(reader, buffer, ct) is { } text)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text) && Parse(line, text) is { } example)
            {
                examples.Add(example);
            }
        }

        return examples;
    }

    // Like ReadLineAsync, but a line longer than the buffer is cut (and then fails to parse) instead of growing memory.
    private static async Task<string?> ReadLineAsync(StreamReader reader, char[] buffer, CancellationToken ct)
    {
        var length = 0;
        var overflow = false;
        var single = new char[1];
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var read = await reader.ReadAsync(single, ct);
            if (read == 0)
            {
                return length == 0 && !overflow ? null : new string(buffer, 0, length);
            }

            if (single[0] == '\n')
            {
                return overflow ? "" : new string(buffer, 0, length).TrimEnd('\r');
            }

            if (length < buffer.Length)
            {
                buffer[length++] = single[0];
            }
            else
            {
                overflow = true;
            }
        }
    }

    private static PreviewExample? Parse(int line, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (!doc.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = messages.EnumerateArray()
                .Where(m => m.ValueKind == JsonValueKind.Object)
                .Select(m => new PreviewMessage(
                    m.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String ? role.GetString()! : "?",
                    Shorten(ContentOf(m))))
                .ToList();
            return new PreviewExample(line, list);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ContentOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return message.TryGetProperty("tool_calls", out _) ? "(tool calls)" : "";
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Join("\n", content.EnumerateArray()
                .Select(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "[non-text part]")),
            JsonValueKind.Null => "",
            _ => content.GetRawText(),
        };
    }

    private static string Shorten(string text) => text.Length <= MaxContentChars ? text : text[..MaxContentChars] + "…";
}
