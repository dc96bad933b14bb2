namespace ModelHub.Core.Datasets;

/// <summary>USD per million tokens for one base model.</summary>
public sealed class ModelPrice
{
    /// <summary>Training price; null when the provider publishes none for this base model.</summary>
    public decimal? Training { get; set; }
    public decimal Input { get; set; }
    public decimal Output { get; set; }

    /// <summary>Input price for calls to models fine-tuned from this base model; null means the base model's <see cref="Input"/>.</summary>
    public decimal? FineTunedInput { get; set; }

    /// <summary>Output price for calls to models fine-tuned from this base model; null means the base model's <see cref="Output"/>.</summary>
    public decimal? FineTunedOutput { get; set; }

    /// <summary>USD for calls to a model fine-tuned from this base model.</summary>
    public decimal FineTunedCost(long inputTokens, long outputTokens) =>
        ((inputTokens * (FineTunedInput ?? Input)) + (outputTokens * (FineTunedOutput ?? Output))) / 1_000_000m;
}

/// <summary>The pricing table bound from the <c>Pricing</c> section, keyed by base model (prefix match on provider model ids).</summary>
public sealed class PricingOptions
{
    public const string Section = "Pricing";

    public Dictionary<string, ModelPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds the price of a model id such as <c>gpt-4o-mini-2024-07-18</c> by its longest matching key.</summary>
    public ModelPrice? Find(string modelId) =>
        Models.Where(kv => modelId.StartsWith(kv.Key, StringComparison.OrdinalIgnoreCase))
              .OrderByDescending(kv => kv.Key.Length)
              .Select(kv => kv.Value)
              .FirstOrDefault();
}
