using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ModelHub.Core.Datasets.Validation;

// The checks of a message's content (a string or a list of content parts) and weight: the part of the format that grows.
internal sealed partial class ExampleChecker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (bool HasContent, int Tokens) ReadContent(ref Utf8JsonReader reader, int index)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.ValueSpan.IsEmpty ? (false, 0) : (true, CountString(ref reader));
            case JsonTokenType.Null:
                return (false, 0);
            case JsonTokenType.StartArray:
                return ReadContentParts(ref reader, index);
            default:
                var what = Describe(reader.TokenType);
                SkipValue(ref reader);
                issues.Add(line, IssueKinds.InvalidContent, $"messages[{index}].content",
                    $"\"content\" must be a string or a list of content parts, not {what}.");
                // Reported as invalid rather than missing: one problem, one issue.
                return (true, 0);
        }
    }

    private (bool HasContent, int Tokens) ReadContentParts(ref Utf8JsonReader reader, int index)
    {
        CheckDepth(ref reader);
        int parts = 0, tokens = 0;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            var field = $"messages[{index}].content[{parts++}]";
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var what = Describe(reader.TokenType);
                SkipValue(ref reader);
                issues.Add(line, IssueKinds.InvalidContent, field, $"A content part must be an object with a \"type\", not {what}.");
                continue;
            }

            tokens += ReadContentPart(ref reader, field);
        }

        return (parts > 0, tokens);
    }

    private int ReadContentPart(ref Utf8JsonReader reader, string field)
    {
        CheckDepth(ref reader);
        string? type = null;
        var hasText = false;
        var tokens = 0;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = Is(ref reader, "type"u8);
            var isText = Is(ref reader, "text"u8);
            Read(ref reader);
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else if (isText && reader.TokenType == JsonTokenType.String)
            {
                hasText = true;
                tokens += CountString(ref reader);
            }

            SkipValue(ref reader);
        }

        switch (type)
        {
            case "text" when !hasText:
                issues.Add(line, IssueKinds.InvalidContent, field, "A \"text\" content part needs a \"text\" string.");
                break;
            case "text" or "image_url" or "input_audio" or "file" or "refusal":
                break;
            case null:
                issues.Add(line, IssueKinds.InvalidContent, field, "A content part needs a \"type\" (text, image_url, input_audio, file or refusal).");
                break;
            default:
                issues.Add(line, IssueKinds.InvalidContent, field, $"Unknown content part type \"{type}\"; use text, image_url, input_audio, file or refusal.");
                break;
        }

        return tokens;
    }

    private void CheckWeight(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var weight) && weight is 0 or 1)
        {
            return;
        }

        var shown = reader.TokenType is JsonTokenType.Number or JsonTokenType.String
            ? Encoding.UTF8.GetString(reader.ValueSpan)
            : Describe(reader.TokenType);
        SkipValue(ref reader);
        issues.Add(line, IssueKinds.BadWeight, $"messages[{index}].weight", $"\"weight\" must be 0 or 1, not {shown}.");
    }
}
