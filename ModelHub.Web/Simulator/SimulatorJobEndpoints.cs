using System.Globalization;
using System.Text.Json;
using ModelHub.Core.Common;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary><c>/fine_tuning/jobs</c> with events, checkpoints and cancel.</summary>
internal static class SimulatorJobEndpoints
{
    public static void MapSimulatorJobs(this RouteGroupBuilder group)
    {
        group.MapPost("/fine_tuning/jobs", CreateAsync);
        group.MapGet("/fine_tuning/jobs", (HttpRequest request, string? after, string? limit, SimulatorEngine engine) =>
        {
            if (Limit(limit, 20) is not { } size)
            {
                return BadLimit(limit);
            }

            var page = engine.ListJobs(after, size, MetadataFilter(request.Query));
            return Results.Json(SimulatorWire.List(page.Data, page.HasMore, SimulatorWire.Job), SimulatorWire.Json);
        });
        group.MapGet("/fine_tuning/jobs/{id}", (string id, SimulatorEngine engine) => Job(engine.GetJob(id)));
        group.MapPost("/fine_tuning/jobs/{id}/cancel", (string id, SimulatorEngine engine) => Job(engine.CancelJob(id)));
        group.MapGet("/fine_tuning/jobs/{id}/events", (string id, string? after, string? limit, SimulatorEngine engine) =>
        {
            if (Limit(limit, 20) is not { } size)
            {
                return BadLimit(limit);
            }

            var page = engine.ListEvents(id, after, size);
            return page.Succeeded
                ? Results.Json(SimulatorWire.List(page.Value.Data, page.Value.HasMore, SimulatorWire.Event), SimulatorWire.Json)
                : OpenAIErrors.From(page.Error!);
        });
        group.MapGet("/fine_tuning/jobs/{id}/checkpoints", (string id, string? after, string? limit, SimulatorEngine engine) =>
        {
            if (Limit(limit, 10) is not { } size)
            {
                return BadLimit(limit);
            }

            var page = engine.ListCheckpoints(id, after, size);
            return page.Succeeded
                ? Results.Json(SimulatorWire.List(page.Value.Data, page.Value.HasMore, SimulatorWire.Checkpoint, c => c.Id), SimulatorWire.Json)
                : OpenAIErrors.From(page.Error!);
        });
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, SimulatorEngine engine, CancellationToken cancellationToken)
    {
        var (document, problem) = await OpenAIErrors.ReadJsonAsync(request, cancellationToken);
        if (document is null)
        {
            return problem!;
        }

        using (document)
        {
            var parsed = Parse(document.RootElement, request.Headers["Idempotency-Key"].ToString());
            return parsed.Succeeded ? Job(engine.CreateJob(parsed.Value)) : OpenAIErrors.From(parsed.Error!);
        }
    }

    /// <summary>The job request with every field checked for its type; hyperparameters from <c>method</c> or the legacy field.</summary>
    private static Result<SimJobRequest> Parse(JsonElement body, string idempotencyKey)
    {
        var model = SimulatorJsonFields.Text(body, "model", "model");
        var trainingFile = SimulatorJsonFields.Text(body, "training_file", "training_file");
        var validationFile = SimulatorJsonFields.Text(body, "validation_file", "validation_file");
        var suffix = SimulatorJsonFields.Text(body, "suffix", "suffix");
        var seed = SimulatorJsonFields.Integer(body, "seed", "seed");
        var method = SimulatorJsonFields.Object(body, "method", "method");
        var legacy = SimulatorJsonFields.Object(body, "hyperparameters", "hyperparameters");
        var metadata = Metadata(body);
        if (SimulatorJsonFields.FirstError(model.Error, trainingFile.Error, validationFile.Error, suffix.Error, seed.Error, method.Error, legacy.Error, metadata.Error) is { } invalid)
        {
            return invalid;
        }

        if (model.Value is null)
        {
            return new Error(ErrorKind.Validation, "missing_required_parameter", "Missing required parameter: 'model'.") { Target = "model" };
        }

        if (trainingFile.Value is null)
        {
            return new Error(ErrorKind.Validation, "missing_required_parameter", "Missing required parameter: 'training_file'.") { Target = "training_file" };
        }

        var (hyperparameters, prefix) = (legacy.Value, "hyperparameters");
        if (method.Value.ValueKind == JsonValueKind.Object)
        {
            var type = SimulatorJsonFields.Text(method.Value, "type", "method.type");
            var supervised = SimulatorJsonFields.Object(method.Value, "supervised", "method.supervised");
            if (SimulatorJsonFields.FirstError(type.Error, supervised.Error) is { } invalidMethod)
            {
                return invalidMethod;
            }

            if (type.Value is { } name && name != "supervised")
            {
                return new Error(ErrorKind.Validation, "unsupported_method", $"The simulator supports only the 'supervised' method, not '{SimulatorJsonFields.Truncate(name, 40)}'.") { Target = "method.type" };
            }

            var methodHyperparameters = SimulatorJsonFields.Object(supervised.Value, "hyperparameters", "method.supervised.hyperparameters");
            if (methodHyperparameters.Error is { } invalidHyperparameters)
            {
                return invalidHyperparameters;
            }

            if (methodHyperparameters.Value.ValueKind == JsonValueKind.Object)
            {
                (hyperparameters, prefix) = (methodHyperparameters.Value, "method.supervised.hyperparameters");
            }
        }

        var epochs = SimulatorJsonFields.Integer(hyperparameters, "n_epochs", prefix + ".n_epochs", allowAuto: true);
        var batchSize = SimulatorJsonFields.Integer(hyperparameters, "batch_size", prefix + ".batch_size", allowAuto: true);
        var learningRate = SimulatorJsonFields.NumberOrAuto(hyperparameters, "learning_rate_multiplier", prefix + ".learning_rate_multiplier");
        if (SimulatorJsonFields.FirstError(epochs.Error, batchSize.Error, learningRate.Error) is { } invalidValue)
        {
            return invalidValue;
        }

        return new SimJobRequest(
            model.Value,
            trainingFile.Value,
            validationFile.Value,
            epochs.Value,
            batchSize.Value,
            learningRate.Value,
            suffix.Value,
            seed.Value,
            metadata.Value,
            idempotencyKey.Length > 0 ? idempotencyKey : null);
    }

    private static IResult Job(Result<SimJobSnapshot> job) =>
        job.Succeeded ? Results.Json(SimulatorWire.Job(job.Value), SimulatorWire.Json) : OpenAIErrors.From(job.Error!);

    /// <summary>The page size, clamped to 1..100 as OpenAI does; null when <c>limit</c> is not an integer.</summary>
    private static int? Limit(string? requested, int fallback) =>
        string.IsNullOrEmpty(requested) ? fallback
        : long.TryParse(requested, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? (int)Math.Clamp(n, 1, 100)
        : null;

    private static IResult BadLimit(string? limit) =>
        OpenAIErrors.Invalid($"Invalid 'limit': expected an integer, but got '{SimulatorJsonFields.Truncate(limit ?? "", 40)}'.", "limit", "invalid_type");

    // A name spelled with a lone surrogate escape is valid JSON but no text; reading it throws.
    private static string? PropertyName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>OpenAI's <c>metadata[key]=value</c> query filter on the job list.</summary>
    private static Dictionary<string, string>? MetadataFilter(IQueryCollection query)
    {
        var filter = query
            .Where(q => q.Key.StartsWith("metadata[", StringComparison.Ordinal) && q.Key.EndsWith(']'))
            .ToDictionary(q => q.Key["metadata[".Length..^1], q => q.Value.ToString());
        return filter.Count > 0 ? filter : null;
    }

    /// <summary>OpenAI's limits: at most 16 pairs, keys up to 64 characters, string values up to 512.</summary>
    private static Result<Dictionary<string, string>?> Metadata(JsonElement body)
    {
        var metadata = SimulatorJsonFields.Object(body, "metadata", "metadata");
        if (!metadata.Succeeded || metadata.Value.ValueKind != JsonValueKind.Object)
        {
            return metadata.Error is { } error ? error : (Dictionary<string, string>?)null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in metadata.Value.EnumerateObject())
        {
            var name = PropertyName(property);
            if (pairs.Count == 16 || name is not { Length: <= 64 })
            {
                return new Error(ErrorKind.Validation, "invalid_metadata", "metadata holds at most 16 pairs, with keys of at most 64 characters of valid text.") { Target = "metadata" };
            }

            var param = $"metadata.{name}";
            var value = SimulatorJsonFields.Text(metadata.Value, name, param);
            if (!value.Succeeded)
            {
                return value.Error!;
            }

            if (value.Value is not { Length: <= 512 } text)
            {
                return new Error(ErrorKind.Validation, "invalid_metadata", "metadata values are strings of at most 512 characters.") { Target = param };
            }

            pairs[name] = text;
        }

        return pairs;
    }
}
