using System.Text.Json;

namespace ModelHub.Core.Providers;

/// <summary>
/// The one place that reads the provider's documented JSON (jobs, events, checkpoints, errors) into ModelHub's types,
/// for the fields the SDK's typed models do not expose (fine-tuned model, error, timestamps, event level, metrics).
/// </summary>
internal static class ProviderJson
{
    public static ProviderJob Job(BinaryData json)
    {
        using var document = JsonDocument.Parse(json);
        return Job(document.RootElement);
    }

    public static ProviderJob Job(JsonElement job)
    {
        var hyperparameters = job.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.Object
            && method.TryGetProperty("supervised", out var supervised) && supervised.ValueKind == JsonValueKind.Object
            && supervised.TryGetProperty("hyperparameters", out var methodHp)
                ? methodHp
                : job.TryGetProperty("hyperparameters", out var hp) ? hp : default;

        return new ProviderJob(
            String(job, "id") ?? "",
            String(job, "status") ?? "unknown",
            String(job, "model") ?? "",
            String(job, "training_file") ?? "",
            String(job, "validation_file"),
            String(job, "fine_tuned_model"),
            Time(job, "created_at") ?? DateTimeOffset.UnixEpoch,
            Time(job, "finished_at"),
            Time(job, "estimated_finish"),
            Long(job, "trained_tokens"),
            new ProviderHyperparameters(
                (int?)Long(hyperparameters, "n_epochs"),
                (int?)Long(hyperparameters, "batch_size"),
                Double(hyperparameters, "learning_rate_multiplier")),
            String(job, "user_provided_suffix"),
            Long(job, "seed"),
            Metadata(job),
            job.TryGetProperty("result_files", out var results) && results.ValueKind == JsonValueKind.Array
                ? results.EnumerateArray().Select(r => r.GetString()).OfType<string>().ToList()
                : [],
            job.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && String(error, "message") is { } message
                ? new ProviderJobError(String(error, "code"), message, String(error, "param"))
                : null);
    }

    /// <summary>A list envelope: its <c>data</c> items and <c>has_more</c>.</summary>
    public static ProviderPage<T> Page<T>(BinaryData json, Func<JsonElement, T> item, Func<T, string> id)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var items = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray().Select(item).ToList()
            : [];
        var hasMore = root.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True;
        return new ProviderPage<T>(items, hasMore, items.Count > 0 ? id(items[^1]) : null);
    }

    public static ProviderJobEvent Event(JsonElement e) => new(
        String(e, "id") ?? "",
        Time(e, "created_at") ?? DateTimeOffset.UnixEpoch,
        String(e, "level") ?? "info",
        String(e, "message") ?? "",
        String(e, "type") ?? "message",
        e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && Long(data, "step") is not null ? Metrics(data, "step") : null);

    public static ProviderCheckpoint Checkpoint(JsonElement c) => new(
        String(c, "id") ?? "",
        Time(c, "created_at") ?? DateTimeOffset.UnixEpoch,
        String(c, "fine_tuned_model_checkpoint") ?? "",
        (int)(Long(c, "step_number") ?? 0),
        c.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object ? Metrics(metrics, "step") : null);

    /// <summary>Reads OpenAI's error envelope; null when the body is not one.</summary>
    public static (string? Code, string? Type, string Message)? Error(BinaryData? json)
    {
        if (json is null || json.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (String(error, "code"), String(error, "type"), String(error, "message") ?? "");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the caller falls back to the HTTP status.
        }

        return null;
    }

    private static ProviderMetrics Metrics(JsonElement m, string stepName) => new(
        (int)(Long(m, stepName) ?? 0),
        (int?)Long(m, "total_steps"),
        Double(m, "train_loss"),
        Double(m, "train_mean_token_accuracy"),
        Double(m, "valid_loss"),
        Double(m, "valid_mean_token_accuracy"));

    private static IReadOnlyDictionary<string, string> Metadata(JsonElement job) =>
        job.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? metadata.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : new Dictionary<string, string>();

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // Hyperparameters may be the string "auto": that reads as null, meaning "chosen by the provider".
    private static long? Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static double? Double(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static DateTimeOffset? Time(JsonElement e, string name) => Long(e, name) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
