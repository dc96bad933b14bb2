using Microsoft.ML.Tokenizers;

namespace ModelHub.Core.Datasets.Tokens;

/// <summary>An <see cref="ITokenCounter"/> over a Microsoft.ML.Tokenizers tiktoken encoding.</summary>
public sealed class TiktokenTokenCounter(string encoding, Tokenizer tokenizer) : ITokenCounter
{
    public string Encoding { get; } = encoding;

    // Training data is plain text: special-token strings in it are counted as text, not as control tokens.
    public int CountTokens(ReadOnlySpan<char> text) =>
        text.IsEmpty ? 0 : tokenizer.CountTokens(text, considerPreTokenization: true, considerNormalization: true);
}
