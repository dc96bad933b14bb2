namespace ModelHub.Core.Datasets.Cost;

/// <summary>The <c>n_epochs</c> hyperparameter: "auto" (the provider decides from the dataset size) or a fixed number.</summary>
public readonly record struct EpochSetting
{
    private EpochSetting(int? epochs) => Epochs = epochs;

    /// <summary>The fixed number of epochs; null for auto.</summary>
    public int? Epochs { get; }

    public bool IsAuto => Epochs is null;

    public static EpochSetting Auto => new(null);

    public static EpochSetting Fixed(int epochs) =>
        epochs is >= 1 and <= 50
            ? new(epochs)
            : throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "The provider accepts 1 to 50 epochs.");

    public override string ToString() => Epochs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "auto";
}
