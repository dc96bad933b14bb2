using ModelHub.Core.Datasets.Statistics;
using ModelHub.Core.Datasets.Tokens;

namespace ModelHub.Core.Datasets.Cost;

/// <summary>Estimates the training bill of a dataset per base model from its statistics and the pricing table, before any job runs.</summary>
/// <remarks>Reads the table on every call, so prices edited in Settings apply at once.</remarks>
public sealed class TrainingCostEstimator(Func<PricingOptions> currentPricing)
{
    /// <summary>An estimator over a fixed table.</summary>
    public TrainingCostEstimator(PricingOptions pricing)
        : this(() => pricing)
    {
    }

    // OpenAI's "auto" epochs, from its chat fine-tuning data-preparation cookbook.
    private const int TargetEpochs = 3;
    private const int MinTargetExamples = 100;
    private const int MaxTargetExamples = 25_000;
    private const int MinDefaultEpochs = 1;
    private const int MaxDefaultEpochs = 25;

    /// <summary>The epochs the provider picks for "auto": 3, raised toward 100 example passes (at most 25), lowered toward 25,000 (at least 1).</summary>
    public static int AutoEpochs(int exampleCount)
    {
        if (exampleCount <= 0)
        {
            return TargetEpochs;
        }

        if ((long)exampleCount * TargetEpochs < MinTargetExamples)
        {
            return Math.Min(MaxDefaultEpochs, MinTargetExamples / exampleCount);
        }

        if ((long)exampleCount * TargetEpochs > MaxTargetExamples)
        {
            return Math.Max(MinDefaultEpochs, MaxTargetExamples / exampleCount);
        }

        return TargetEpochs;
    }

    /// <summary>Billed tokens and USD for training <paramref name="baseModel"/> on data with <paramref name="stats"/>.</summary>
    /// <exception cref="ArgumentException">The statistics were computed without counting tokens.</exception>
    public TrainingCostEstimate Estimate(DatasetStatistics stats, string baseModel, EpochSetting epochs)
    {
        ArgumentNullException.ThrowIfNull(stats);
        if (!stats.TokensCounted)
        {
            throw new ArgumentException("Cost needs token counts; validate with CountTokens = true.", nameof(stats));
        }

        var epochsUsed = epochs.Epochs ?? AutoEpochs(stats.ExampleCount);
        var billed = stats.BillableTokensPerEpoch * epochsUsed;
        var price = currentPricing().Find(baseModel)?.Training;
        var usd = price is { } perMillion ? Bill(billed, perMillion) : (decimal?)null;
        var (encoding, exact) = TokenizerCatalog.EncodingFor(baseModel);
        return new TrainingCostEstimate(
            baseModel,
            stats.BillableTokensPerEpoch,
            epochsUsed,
            epochs.IsAuto,
            billed,
            price,
            usd,
            TokensAreApproximate: !exact || !stats.EncodingIsExact || encoding != stats.Encoding);
    }

    /// <summary>The bill of a job on a stored dataset: <paramref name="tokensPerEpoch"/> × epochs ("auto" as the provider picks it) at the training price; null without a price.</summary>
    public decimal? EstimateUsd(string baseModel, long tokensPerEpoch, int exampleCount, int? epochs) =>
        PriceTokens(baseModel, tokensPerEpoch * (epochs ?? AutoEpochs(exampleCount)));

    /// <summary>What <paramref name="billedTokens"/> of training on <paramref name="baseModel"/> cost; null when it has no training price.</summary>
    public decimal? PriceTokens(string baseModel, long billedTokens) =>
        currentPricing().Find(baseModel.Trim())?.Training is { } perMillion ? Bill(billedTokens, perMillion) : null;

    /// <summary>One estimate per base model in the pricing table, priced ones first, cheapest first.</summary>
    public IReadOnlyList<TrainingCostEstimate> EstimateAll(DatasetStatistics stats, EpochSetting epochs) =>
        currentPricing().Models.Keys
            .Select(model => Estimate(stats, model, epochs))
            .OrderBy(e => e.Usd is null)
            .ThenBy(e => e.Usd)
            .ThenBy(e => e.BaseModel, StringComparer.Ordinal)
            .ToList();

    // The one training price formula: estimates before a job and the actual cost after it must agree to the cent.
    private static decimal Bill(long billedTokens, decimal perMillion) =>
        Math.Round(billedTokens * perMillion / 1_000_000m, 2, MidpointRounding.AwayFromZero);
}
