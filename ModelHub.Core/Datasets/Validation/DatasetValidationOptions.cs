namespace ModelHub.Core.Datasets.Validation;

/// <summary>What to check a dataset against; the defaults match OpenAI's chat fine-tuning rules for gpt-4o-mini.</summary>
public sealed record DatasetValidationOptions
{
    /// <summary>Base model the data is meant for; picks the tokenizer encoding (o200k_base or cl100k_base).</summary>
    public string BaseModel { get; init; } = "gpt-4o-mini";

    /// <summary>Tokens one example may have before the provider truncates it (65,536 for gpt-4o / gpt-4o-mini).</summary>
    public int MaxTokensPerExample { get; init; } = 65_536;

    /// <summary>The provider's minimum number of training examples.</summary>
    public int MinExamples { get; init; } = 10;

    /// <summary>Longest line accepted, in bytes; a longer one is reported instead of being buffered without bound.</summary>
    public int MaxLineBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted; real chat examples need well under 10 levels.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>How many issues of each kind the report lists; every one is still counted.</summary>
    public int MaxIssuesPerKind { get; init; } = 20;

    /// <summary>Counts tokens (statistics, truncation, cost); off, validation is several times faster.</summary>
    public bool CountTokens { get; init; } = true;

    /// <summary>Computes the SHA-256 of the bytes in the same pass (the content store's address). Uploads always do;
    /// off only to measure the checks alone against peers that do not hash.</summary>
    public bool HashContent { get; init; } = true;

    /// <summary>Number of equal-width buckets in the token-length histogram.</summary>
    public int HistogramBuckets { get; init; } = 20;
}
