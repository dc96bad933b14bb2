namespace ModelHub.Core.Simulator;

/// <summary>The base models the simulator offers and the defaults it picks for "auto" hyperparameters.</summary>
public static class SimulatorCatalog
{
    public static readonly IReadOnlyList<string> BaseModels =
    [
        "gpt-4o-mini-2024-07-18",
        "gpt-4o-mini",
        "gpt-4o-2024-08-06",
        "gpt-4o",
        "gpt-4.1-2025-04-14",
        "gpt-4.1",
        "gpt-4.1-mini-2025-04-14",
        "gpt-4.1-nano-2025-04-14",
    ];

    public static readonly DateTimeOffset BaseModelsCreated = new(2024, 7, 18, 0, 0, 0, TimeSpan.Zero);

    public const int MinimumExamples = 10;

    public static SimHyperparameters Resolve(int? nEpochs, int? batchSize, double? learningRateMultiplier, int examples) => new(
        nEpochs ?? 3,
        batchSize ?? Math.Clamp((examples + 31) / 32, 1, 64),
        learningRateMultiplier ?? 1.8);

    /// <summary>
    /// How long a job takes in simulated seconds (before <see cref="SimulatorOptions.TimeScale"/>): the clean sample
    /// (90 steps) takes about a minute; bigger datasets and more epochs take longer.
    /// </summary>
    public static TimeSpan Duration(int totalSteps, double timeScale) =>
        TimeSpan.FromSeconds((6 + 0.6 * totalSteps) / Math.Max(timeScale, 0.001));
}
