using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Cost;
using ModelHub.Core.Datasets.Statistics;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

public class TrainingCostEstimatorTests
{
    private static readonly PricingOptions Pricing = new()
    {
        Models = new(StringComparer.OrdinalIgnoreCase)
        {
            ["gpt-4o"] = new() { Training = 25.00m, Input = 2.50m, Output = 10.00m },
            ["gpt-4o-mini"] = new() { Training = 3.00m, Input = 0.15m, Output = 0.60m },
            ["claude-sonnet-4"] = new() { Training = null, Input = 3.00m, Output = 15.00m },
        },
    };

    [Theory]
    [InlineData(1, 25)]
    [InlineData(3, 25)]
    [InlineData(5, 20)]
    [InlineData(10, 10)]
    [InlineData(33, 3)]
    [InlineData(34, 3)]
    [InlineData(100, 3)]
    [InlineData(8_333, 3)]
    [InlineData(8_334, 2)]
    [InlineData(10_000, 2)]
    [InlineData(25_000, 1)]
    [InlineData(1_000_000, 1)]
    public void Auto_epochs_follow_the_providers_rule(int examples, int epochs) =>
        Assert.Equal(epochs, TrainingCostEstimator.AutoEpochs(examples));

    [Fact]
    public void Auto_epochs_bill_tokens_times_epochs_at_the_training_price()
    {
        var estimate = new TrainingCostEstimator(Pricing).Estimate(Stats(examples: 100, billable: 1_000_000), "gpt-4o-mini-2024-07-18", EpochSetting.Auto);

        Assert.Equal(3, estimate.Epochs);
        Assert.True(estimate.EpochsAreAuto);
        Assert.Equal(3_000_000, estimate.BilledTokens);
        Assert.Equal(3.00m, estimate.PricePerMillionTokens);
        Assert.Equal(9.00m, estimate.Usd);
        Assert.True(estimate.HasPrice);
        Assert.False(estimate.TokensAreApproximate);
    }

    [Fact]
    public void Fixed_epochs_are_used_as_given()
    {
        var estimate = new TrainingCostEstimator(Pricing).Estimate(Stats(examples: 12, billable: 123_456), "gpt-4o", EpochSetting.Fixed(2));

        Assert.Equal((2, false, 246_912L), (estimate.Epochs, estimate.EpochsAreAuto, estimate.BilledTokens));
        Assert.Equal(6.17m, estimate.Usd);
    }

    [Theory]
    [InlineData("claude-sonnet-4")]
    [InlineData("llama-3-70b")]
    public void Model_without_a_training_price_gets_no_price_not_a_number(string model)
    {
        var estimate = new TrainingCostEstimator(Pricing).Estimate(Stats(examples: 100, billable: 1_000_000), model, EpochSetting.Auto);

        Assert.False(estimate.HasPrice);
        Assert.Null(estimate.Usd);
        Assert.Null(estimate.PricePerMillionTokens);
        Assert.Equal(3_000_000, estimate.BilledTokens);
    }

    [Fact]
    public void Estimate_for_every_base_model_lists_priced_ones_cheapest_first()
    {
        var all = new TrainingCostEstimator(Pricing).EstimateAll(Stats(examples: 20, billable: 10_000), EpochSetting.Auto);

        Assert.Equal(["gpt-4o-mini", "gpt-4o", "claude-sonnet-4"], all.Select(e => e.BaseModel));
        Assert.All(all, e => Assert.Equal(5, e.Epochs));
    }

    [Fact]
    public void Tokens_counted_for_another_family_are_flagged_approximate()
    {
        var estimate = new TrainingCostEstimator(Pricing).Estimate(Stats(examples: 100, billable: 1_000, encoding: "cl100k_base"), "gpt-4o", EpochSetting.Auto);

        Assert.True(estimate.TokensAreApproximate);
    }

    [Fact]
    public void Statistics_without_tokens_cannot_be_priced()
    {
        Assert.Throws<ArgumentException>(() =>
            new TrainingCostEstimator(Pricing).Estimate(Stats(examples: 10, billable: 0, encoding: null), "gpt-4o", EpochSetting.Auto));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Fixed_epochs_outside_the_providers_range_are_refused(int epochs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EpochSetting.Fixed(epochs));

    private static DatasetStatistics Stats(int examples, long billable, string? encoding = "o200k_base") =>
        new(examples, 1000, null, encoding, true, null, null, billable, billable, 65_536, 0, Histogram.Empty);
}
