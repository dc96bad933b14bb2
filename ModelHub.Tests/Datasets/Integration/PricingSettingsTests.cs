using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Cost;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Datasets.Validation;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Integration;

public sealed class PricingSettingsTests
{
    [Fact]
    public async Task Prices_saved_in_settings_change_estimates_at_once_and_survive_a_restart()
    {
        using var data = new TempFolder("pricing");
        var report = await DatasetValidator.ValidateAsync(
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())), new DatasetValidationOptions());

        await using (var app = new ModelHubFactory(dataFolder: data.Path))
        {
            var estimator = app.Services.GetRequiredService<TrainingCostEstimator>();
            var before = estimator.Estimate(report.Statistics, "gpt-4o-mini-2024-07-18", EpochSetting.Fixed(1));
            Assert.Equal(3.00m, before.PricePerMillionTokens);

            var prices = app.Services.GetRequiredService<IOptionsMonitor<PricingOptions>>().CurrentValue.Models
                .ToDictionary(m => m.Key, m => m.Value);
            prices["gpt-4o-mini"] = new ModelPrice { Training = 6.00m, Input = 0.15m, Output = 0.60m };
            prices["my-base-model"] = new ModelPrice { Training = 1.25m, Input = 1m, Output = 2m };
            Assert.True((await app.Services.GetRequiredService<PricingSettings>().SaveAsync(prices, Actor.System)).Succeeded);

            var after = estimator.Estimate(report.Statistics, "gpt-4o-mini-2024-07-18", EpochSetting.Fixed(1));
            Assert.Equal(6.00m, after.PricePerMillionTokens);
            Assert.Equal(before.Usd * 2, after.Usd);
        }

        await using var restarted = new ModelHubFactory(dataFolder: data.Path);
        var current = restarted.Services.GetRequiredService<IOptionsMonitor<PricingOptions>>().CurrentValue;
        Assert.Equal(6.00m, current.Find("gpt-4o-mini-2024-07-18")!.Training);
        Assert.Equal(1.25m, current.Find("my-base-model")!.Training);
        Assert.Equal(25.00m, current.Find("gpt-4o-2024-08-06")!.Training);
    }

    [Fact]
    public async Task Negative_prices_and_model_ids_with_spaces_are_refused_and_nothing_changes()
    {
        await using var app = new ModelHubFactory();
        var settings = app.Services.GetRequiredService<PricingSettings>();

        var negative = await settings.SaveAsync(new Dictionary<string, ModelPrice> { ["gpt-4o"] = new() { Training = -1, Input = 1, Output = 1 } }, Actor.System);
        var spaced = await settings.SaveAsync(new Dictionary<string, ModelPrice> { ["gpt 4o"] = new() { Training = 1, Input = 1, Output = 1 } }, Actor.System);

        Assert.False(negative.Succeeded);
        Assert.Contains("negative", negative.Error!.Message);
        Assert.False(spaced.Succeeded);
        Assert.Equal(25.00m, app.Services.GetRequiredService<IOptionsMonitor<PricingOptions>>().CurrentValue.Find("gpt-4o")!.Training);
    }
}
