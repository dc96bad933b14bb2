using System.Text.Json;

namespace ModelHub.Core.Simulator;

/// <summary>One chat example reduced to what the simulator learns from: the user turns and the reply to give.</summary>
public sealed record TrainingExample(string UserText, string Reply, int Tokens);

/// <summary>Reads the chat examples of a (checked) fine-tuning JSONL file.</summary>
public static class TrainingExamples
{
    public static IReadOnlyList<TrainingExample> Parse(ReadOnlySpan<byte> jsonl, SimulatorTokenCounter tokens)
    {
        var examples = new List<TrainingExample>();
        foreach (var line in JsonlLines.Split(jsonl))
        {
            if (line.Text.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line.Text);
            if (!document.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var user = new List<string>();
            var reply = "";
            var count = 0;
            foreach (var message in messages.EnumerateArray())
            {
                var role = message.TryGetProperty("role", out var r) ? r.GetString() : null;
                var content = message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? "" : "";
                count += tokens.Count(content) + 4;
                if (role == "user")
                {
                    user.Add(content);
                }
                else if (role == "assistant")
                {
                    reply = content;
                }
            }

            examples.Add(new TrainingExample(string.Join("\n", user), reply, count));
        }

        return examples;
    }
}
