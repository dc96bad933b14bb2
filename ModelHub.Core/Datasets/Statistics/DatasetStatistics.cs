namespace ModelHub.Core.Datasets.Statistics;

/// <summary>Figures about the examples of a dataset; token figures are null when tokens were not counted.</summary>
/// <param name="ExampleCount">Lines that parsed as an object with a <c>messages</c> list.</param>
/// <param name="Bytes">Size of the file in bytes.</param>
/// <param name="MessagesPerExample">Messages per example; null with no examples.</param>
/// <param name="Encoding">Tokenizer encoding used (o200k_base, cl100k_base); null when tokens were not counted.</param>
/// <param name="EncodingIsExact">False when the base model is not an OpenAI model and o200k_base stands in for its tokenizer.</param>
/// <param name="TokensPerExample">Tokens per example including the per-message overhead of the chat format.</param>
/// <param name="AssistantTokensPerExample">Tokens in assistant messages' content per example.</param>
/// <param name="TotalTokens">Sum of tokens over all examples.</param>
/// <param name="BillableTokensPerEpoch">Sum over examples of min(tokens, limit): what one epoch is billed.</param>
/// <param name="TokenLimit">Per-example token limit the figures were computed against.</param>
/// <param name="TruncatedExamples">Examples over <paramref name="TokenLimit"/>, which the provider truncates.</param>
/// <param name="TokenHistogram">Token-length histogram for a chart.</param>
public sealed record DatasetStatistics(
    int ExampleCount,
    long Bytes,
    Distribution? MessagesPerExample,
    string? Encoding,
    bool EncodingIsExact,
    Distribution? TokensPerExample,
    Distribution? AssistantTokensPerExample,
    long TotalTokens,
    long BillableTokensPerEpoch,
    int TokenLimit,
    int TruncatedExamples,
    Histogram TokenHistogram)
{
    /// <summary>True when the token figures were computed.</summary>
    public bool TokensCounted => Encoding is not null;
}
