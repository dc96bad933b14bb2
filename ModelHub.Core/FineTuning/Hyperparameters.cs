using System.Globalization;
using ModelHub.Core.Common;

namespace ModelHub.Core.FineTuning;

/// <summary>Parses the form's and the API's hyperparameters: each "auto" (or empty) or a number in the provider's range.</summary>
public static class Hyperparameters
{
    public static Result<int?> ParseEpochs(string? text) => ParseInt(text, "nEpochs", 1, 50);

    public static Result<int?> ParseBatchSize(string? text) => ParseInt(text, "batchSize", 1, 256);

    public static Result<double?> ParseLearningRateMultiplier(string? text)
    {
        if (IsAuto(text))
        {
            return (double?)null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 10
            ? value
            : Error.Validation("learningRateMultiplier must be \"auto\" or a number above 0 and at most 10.", "learningRateMultiplier");
    }

    /// <summary>How a setting reads in forms and JSON: the number, or "auto".</summary>
    public static string Show(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "auto";

    /// <summary>A setting with the value the provider used when it resolved "auto", e.g. <c>auto (3)</c>.</summary>
    public static string Show(double? requested, double? used) =>
        requested is null && used is not null ? $"auto ({Show(used)})" : Show(requested ?? used);

    private static Result<int?> ParseInt(string? text, string field, int min, int max)
    {
        if (IsAuto(text))
        {
            return (int?)null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Error.Validation($"{field} must be \"auto\" or a whole number from {min} to {max}.", field);
    }

    private static bool IsAuto(string? text) => string.IsNullOrWhiteSpace(text) || text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);
}
