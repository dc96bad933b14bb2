using Microsoft.Extensions.Options;
using ModelHub.Core.Datasets;

namespace ModelHub.Core.Promotions;

/// <summary>What answering a held-out dataset cost, from the inference prices of the pricing table.</summary>
public sealed class GateRunPricing(IOptionsMonitor<PricingOptions> pricing)
{
    /// <summary>USD for the tokens, priced by the fine-tuned model's base model; null when neither is in the table.</summary>
    public decimal? Cost(string providerModelId, string baseModel, long promptTokens, long completionTokens)
    {
        var table = pricing.CurrentValue;
        var price = table.Find(BaseModelOf(providerModelId)) ?? table.Find(baseModel);
        return price is null ? null : (promptTokens * price.Input + completionTokens * price.Output) / 1_000_000m;
    }

    /// <summary><c>ft:gpt-4o-mini-2024-07-18:org:suffix:id</c> → <c>gpt-4o-mini-2024-07-18</c>; other ids unchanged.</summary>
    public static string BaseModelOf(string providerModelId) =>
        providerModelId.StartsWith("ft:", StringComparison.Ordinal) ? providerModelId[3..].Split(':')[0] : providerModelId;
}
