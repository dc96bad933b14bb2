using Microsoft.ML.Tokenizers;

namespace ModelHub.Core.Simulator;

/// <summary>Counts tokens for the simulator's usage and trained-token figures (o200k_base, as gpt-4o models use).</summary>
public sealed class SimulatorTokenCounter
{
    // Loading the vocabulary takes a moment, and the tokenizer is thread-safe: build it once, on first use.
    private readonly Lazy<Tokenizer> tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o-mini"));

    public int Count(string text) => text.Length == 0 ? 0 : tokenizer.Value.CountTokens(text);

    /// <summary>Prompt tokens the way chat models bill them: content plus a few tokens of framing per message.</summary>
    public int CountPrompt(IEnumerable<SimChatMessage> messages) => messages.Sum(m => Count(m.Content) + 4) + 3;
}
