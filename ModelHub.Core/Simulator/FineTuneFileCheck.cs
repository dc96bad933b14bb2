using System.Text.Json;
using ModelHub.Core.Common;

namespace ModelHub.Core.Simulator;

/// <summary>The format check a provider runs on a <c>fine-tune</c> upload: chat JSONL, one example per line.</summary>
public static class FineTuneFileCheck
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool" };

    /// <summary>Null when the file is acceptable; otherwise the first problem, naming its line.</summary>
    public static Error? Check(ReadOnlySpan<byte> content)
    {
        var problems = new List<string>();
        var examples = 0;
        foreach (var line in JsonlLines.Split(content))
        {
            var problem = CheckLine(line);
            if (problem is null)
            {
                examples++;
            }
            else
            {
                problems.Add(problem);
            }
        }

        if (problems.Count > 0)
        {
            var more = problems.Count > 1 ? $" ({problems.Count - 1} more problem(s) in the file)" : "";
            return new Error(ErrorKind.Validation, "invalid_file_format", $"Invalid file format for fine-tuning: {problems[0]}{more}.") { Target = "file" };
        }

        return examples == 0 ? new Error(ErrorKind.Validation, "invalid_file_format", "Invalid file format for fine-tuning: the file has no examples.") { Target = "file" } : null;
    }

    private static string? CheckLine(JsonlLine line)
    {
        if (string.IsNullOrWhiteSpace(line.Text))
        {
            return $"line {line.Number} is empty";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.Text);
        }
        catch (JsonException)
        {
            return $"line {line.Number} is not valid JSON";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"line {line.Number} is not a JSON object";
            }

            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                return $"line {line.Number} has no \"messages\" array";
            }

            var index = 0;
            var hasAssistant = false;
            foreach (var message in messages.EnumerateArray())
            {
                index++;
                if (message.ValueKind != JsonValueKind.Object)
                {
                    return $"line {line.Number}, message {index} is not an object";
                }

                var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                if (role is null || !Roles.Contains(role))
                {
                    return $"line {line.Number}, message {index} has an unknown role \"{role}\"";
                }

                var hasContent = message.TryGetProperty("content", out var c) && c.ValueKind is JsonValueKind.String or JsonValueKind.Array;
                var hasToolCalls = message.TryGetProperty("tool_calls", out _);
                if (!hasContent && !hasToolCalls)
                {
                    return $"line {line.Number}, message {index} has no content";
                }

                hasAssistant |= role == "assistant";
            }

            return hasAssistant ? null : $"line {line.Number} has no assistant message";
        }
    }
}
