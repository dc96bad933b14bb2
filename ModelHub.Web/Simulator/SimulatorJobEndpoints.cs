using System.Text.Json;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary><c>/fine_tuning/jobs</c> with events, checkpoints and cancel.</summary>
internal static class SimulatorJobEndpoints
{
    public static void MapSimulatorJobs(this RouteGroupBuilder group)
    {
        group.MapPost("/fine_tuning/jobs", CreateAsync);
        group.MapGet("/fine_tuning/jobs", (HttpRequest request, string? after, int? limit, SimulatorEngine engine) =>
        {
            var page = engine.ListJobs(after, Limit(limit, 20), MetadataFilter(request.Query));
            return Results.Json(SimulatorWire.List(page.Data, page.HasMore, SimulatorWire.Job), SimulatorWire.Json);
        });
        group.MapGet("/fine_tuning/jobs/{id}", (string id, SimulatorEngine engine) => Job(engine.GetJob(id)));
        group.MapPost("/fine_tuning/jobs/{id}/cancel", (string id, SimulatorEngine engine) => Job(engine.CancelJob(id)));
        group.MapGet("/fine_tuning/jobs/{id}/events", (string id, string? after, int? limit, SimulatorEngine engine) =>
        {
            var page = engine.ListEvents(id, after, Limit(limit, 20));
            return page.Succeeded
                ? Results.Json(SimulatorWire.List(page.Value.Data, page.Value.HasMore, SimulatorWire.Event), SimulatorWire.Json)
                : OpenAIErrors.From(page.Error!);
        });
        group.MapGet("/fine_tuning/jobs/{id}/checkpoints", (string id, string? after, int? limit, SimulatorEngine engine) =>
        {
            var page = engine.ListCheckpoints(id, after, Limit(limit, 10));
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
            var body = document.RootElement;
            if (Text(body, "model") is not { } model)
            {
                return OpenAIErrors.Invalid("Missing required parameter: 'model'.", "model", "missing_required_parameter");
            }

            if (Text(body, "training_file") is not { } trainingFile)
            {
                return OpenAIErrors.Invalid("Missing required parameter: 'training_file'.", "training_file", "missing_required_parameter");
            }

            var hyperparameters = body.TryGetProperty("hyperparameters", out var legacy) ? legacy : default;
            if (body.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.Object)
            {
                if (Text(method, "type") is { } type && type != "supervised")
                {
                    return OpenAIErrors.Invalid($"The simulator supports only the 'supervised' method, not '{type}'.", "method.type", "unsupported_method");
                }

                if (method.TryGetProperty("supervised", out var supervised) && supervised.ValueKind == JsonValueKind.Object
                    && supervised.TryGetProperty("hyperparameters", out var methodHyperparameters))
                {
                    hyperparameters = methodHyperparameters;
                }
            }

            var key = request.Headers["Idempotency-Key"].ToString();
            var created = engine.CreateJob(new SimJobRequest(
                model,
                trainingFile,
                Text(body, "validation_file"),
                (int?)Number(hyperparameters, "n_epochs"),
                (int?)Number(hyperparameters, "batch_size"),
                Number(hyperparameters, "learning_rate_multiplier"),
                Text(body, "suffix"),
                (int?)Number(body, "seed"),
                Metadata(body),
                key.Length > 0 ? key : null));
            return Job(created);
        }
    }

    private static IResult Job(ModelHub.Core.Common.Result<SimJobSnapshot> job) =>
        job.Succeeded ? Results.Json(SimulatorWire.Job(job.Value), SimulatorWire.Json) : OpenAIErrors.From(job.Error!);

    private static int Limit(int? requested, int fallback) => Math.Clamp(requested ?? fallback, 1, 100);

    /// <summary>OpenAI's <c>metadata[key]=value</c> query filter on the job list.</summary>
    private static Dictionary<string, string>? MetadataFilter(IQueryCollection query)
    {
        var filter = query
            .Where(q => q.Key.StartsWith("metadata[", StringComparison.Ordinal) && q.Key.EndsWith(']'))
            .ToDictionary(q => q.Key["metadata[".Length..^1], q => q.Value.ToString());
        return filter.Count > 0 ? filter : null;
    }

    private static Dictionary<string, string>? Metadata(JsonElement body) =>
        body.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? metadata.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : null;

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // "auto" (or absent) reads as null: the engine picks the value.
    private static double? Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
