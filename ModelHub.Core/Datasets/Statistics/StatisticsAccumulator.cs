namespace ModelHub.Core.Datasets.Statistics;

/// <summary>Collects per-example figures during the single validation pass, in memory bounded by distinct values.</summary>
internal sealed class StatisticsAccumulator(int tokenLimit, string? encoding, bool encodingIsExact)
{
    private readonly ValueFrequencies messages = new();
    private readonly ValueFrequencies tokens = new();
    private readonly ValueFrequencies assistantTokens = new();
    private long billable;
    private int truncated;

    public int ExampleCount { get; private set; }

    public void AddExample(int messageCount, int exampleTokens, int exampleAssistantTokens)
    {
        ExampleCount++;
        messages.Add(messageCount);
        if (encoding is null)
        {
            return;
        }

        tokens.Add(exampleTokens);
        assistantTokens.Add(exampleAssistantTokens);
        billable += Math.Min(exampleTokens, tokenLimit);
        if (exampleTokens > tokenLimit)
        {
            truncated++;
        }
    }

    /// <summary>Folds in what another accumulator (another worker's share of the file) collected.</summary>
    public void Add(StatisticsAccumulator other)
    {
        ExampleCount += other.ExampleCount;
        messages.Add(other.messages);
        tokens.Add(other.tokens);
        assistantTokens.Add(other.assistantTokens);
        billable += other.billable;
        truncated += other.truncated;
    }

    public DatasetStatistics Build(long bytes, int histogramBuckets) => new(
        ExampleCount,
        bytes,
        messages.ToDistribution(),
        encoding,
        encoding is not null && encodingIsExact,
        tokens.ToDistribution(),
        assistantTokens.ToDistribution(),
        tokens.Sum,
        billable,
        tokenLimit,
        truncated,
        tokens.ToHistogram(histogramBuckets));
}
