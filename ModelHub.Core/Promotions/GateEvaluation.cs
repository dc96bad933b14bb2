using System.Runtime.CompilerServices;
using System.Text.Json;
using ModelHub.Core.Datasets;
using ModelHub.Core.Providers;

namespace ModelHub.Core.Promotions;

/// <summary>One held-out example: the prompt (every message but the final assistant turn) and the expected answer.</summary>
public sealed record HeldOutExample(int Line, IReadOnlyList<ProviderChatMessage> Prompt, string Expected);

/// <summary>One answered example.</summary>
public sealed record EvaluatedExample(int Line, string PromptExcerpt, string Expected, string Actual);

/// <summary>Every answer of one evaluation with the tokens it used.</summary>
public sealed record EvaluationOutcome(IReadOnlyList<EvaluatedExample> Examples, long PromptTokens, long CompletionTokens)
{
    public EvaluationScores Score() => Scoring.Score(Examples.Select(e => (e.Expected, e.Actual)).ToList());

    /// <summary>The per-label confusion matrix, or null when the expected answers are free text.</summary>
    public ConfusionMatrix? Confusion() => ConfusionMatrix.From(Examples.Select(e => (e.Expected, e.Actual)).ToList());

    /// <summary>Answers that do not match after normalisation, in file order.</summary>
    public IEnumerable<EvaluatedExample> Failures() =>
        Examples.Where(e => Scoring.Normalize(e.Expected) != Scoring.Normalize(e.Actual)).OrderBy(e => e.Line);
}

/// <summary>Sends a held-out dataset's prompts to a model through chat completions, a few at a time.</summary>
public sealed class GateEvaluation(IFineTuningProvider provider, DatasetFileStore store)
{
    /// <summary>
    /// Answers every example of the dataset stored under <paramref name="sha256"/> with <paramref name="model"/> at
    /// temperature 0, at most <paramref name="concurrency"/> at a time, reading the file line by line.
    /// <paramref name="onAnswered"/> gets the running count. A <see cref="ProviderException"/> (after the provider's own retries) ends it.
    /// </summary>
    public async Task<EvaluationOutcome> EvaluateAsync(string model, string sha256, int concurrency, Func<int, Task> onAnswered, CancellationToken ct)
    {
        var answered = new System.Collections.Concurrent.ConcurrentBag<EvaluatedExample>();
        long promptTokens = 0, completionTokens = 0;
        var completed = 0;
        await Parallel.ForEachAsync(ReadExamplesAsync(sha256, ct), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = ct },
            async (example, token) =>
            {
                var answer = await provider.CompleteChatAsync(model, example.Prompt, new ChatCompletionSettings(Temperature: 0), token);
                Interlocked.Add(ref promptTokens, answer.PromptTokens);
                Interlocked.Add(ref completionTokens, answer.CompletionTokens);
                answered.Add(new EvaluatedExample(example.Line, Excerpt(example.Prompt), example.Expected, answer.Text));
                await onAnswered(Interlocked.Increment(ref completed));
            });
        return new EvaluationOutcome(answered.OrderBy(e => e.Line).ToList(), promptTokens, completionTokens);
    }

    /// <summary>The examples of a stored dataset, one line at a time; lines without a final assistant turn are skipped.</summary>
    public async IAsyncEnumerable<HeldOutExample> ReadExamplesAsync(string sha256, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = store.OpenRead(sha256);
        using var reader = new StreamReader(stream);
        var line = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (Parse(line, text) is { } example)
            {
                yield return example;
            }
        }
    }

    /// <summary>Splits one JSONL line into prompt and expected answer; null when it has no final assistant message.</summary>
    public static HeldOutExample? Parse(int line, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        if (!document.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var all = messages.EnumerateArray()
            .Select(m => new ProviderChatMessage(
                m.TryGetProperty("role", out var role) ? role.GetString() ?? "" : "",
                m.TryGetProperty("content", out var content) ? Content(content) : ""))
            .ToList();
        if (all.Count < 2 || all[^1].Role != "assistant")
        {
            return null;
        }

        return new HeldOutExample(line, all[..^1], all[^1].Content);
    }

    private static string Content(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        // Content parts: keep the text parts, in order.
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out _))
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };

    private static string Excerpt(IReadOnlyList<ProviderChatMessage> prompt)
    {
        var last = prompt.LastOrDefault(m => m.Role == "user")?.Content ?? prompt[^1].Content;
        return last.Length <= GateRunFailure.MaxPromptExcerpt ? last : last[..(GateRunFailure.MaxPromptExcerpt - 1)] + "…";
    }
}
