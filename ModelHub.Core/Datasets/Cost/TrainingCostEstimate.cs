namespace ModelHub.Core.Datasets.Cost;

/// <summary>What a fine-tuning job on a dataset would bill, for one base model; <see cref="Usd"/> is null when the model has no training price.</summary>
/// <param name="BaseModel">The base model priced.</param>
/// <param name="TokensPerEpoch">Billable tokens in one pass over the data (each example capped at the token limit).</param>
/// <param name="Epochs">Epochs the job would run.</param>
/// <param name="EpochsAreAuto">True when <paramref name="Epochs"/> is the provider's default for this dataset size.</param>
/// <param name="BilledTokens"><paramref name="TokensPerEpoch"/> × <paramref name="Epochs"/>.</param>
/// <param name="PricePerMillionTokens">Training price in USD per million tokens; null when none is configured.</param>
/// <param name="Usd">Estimated cost in USD; null when there is no price.</param>
/// <param name="TokensAreApproximate">True when the tokens were counted with another encoding than this base model's.</param>
public sealed record TrainingCostEstimate(
    string BaseModel,
    long TokensPerEpoch,
    int Epochs,
    bool EpochsAreAuto,
    long BilledTokens,
    decimal? PricePerMillionTokens,
    decimal? Usd,
    bool TokensAreApproximate)
{
    /// <summary>False means "no price": say so, never show a number.</summary>
    public bool HasPrice => Usd is not null;
}
