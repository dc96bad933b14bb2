using System.Text.Json;
using ModelHub.Core.FineTuning;

namespace ModelHub.Core.Promotions;

/// <summary>The metric names a gate may use, and the JSON shapes gate data is stored in.</summary>
public static class GateMetrics
{
    /// <summary>Training metrics (a version's final values) and evaluation scores (from a gate run).</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        EvaluationScores.AccuracyMetric, EvaluationScores.MacroF1Metric, EvaluationScores.ExactMatchMetric,
        MetricPoint.TrainLoss, MetricPoint.ValidLoss, MetricPoint.TrainAccuracy, MetricPoint.ValidAccuracy,
    ];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a version's final metrics (<c>{"valid_loss":0.41,…}</c>); non-numbers are ignored.</summary>
    public static Dictionary<string, double> ReadFinal(string? json)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return metrics;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return metrics;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Number)
            {
                metrics[property.Name] = property.Value.GetDouble();
            }
        }

        return metrics;
    }

    /// <summary>Final training metrics overlaid with evaluation scores (the scores win on a shared name).</summary>
    public static Dictionary<string, double> Merge(string? finalMetricsJson, EvaluationScores? scores)
    {
        var metrics = ReadFinal(finalMetricsJson);
        foreach (var (name, value) in scores?.AsMetrics() ?? new Dictionary<string, double>())
        {
            metrics[name] = value;
        }

        return metrics;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T? Deserialize<T>(string? json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Json);
}
