using System.Text.Json;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary><c>/models</c> and <c>/chat/completions</c>, buffered or streamed as server-sent events.</summary>
internal static class SimulatorChatEndpoints
{
    public static void MapSimulatorModelsAndChat(this RouteGroupBuilder group)
    {
        group.MapGet("/models", (SimulatorEngine engine) =>
            Results.Json(new { @object = "list", data = engine.ListModels().Select(SimulatorWire.Model).ToList() }, SimulatorWire.Json));
        group.MapGet("/models/{**id}", (string id, SimulatorEngine engine) =>
            engine.ListModels().FirstOrDefault(m => m.Id == id) is { } model
                ? Results.Json(SimulatorWire.Model(model), SimulatorWire.Json)
                : OpenAIErrors.From(new ModelHub.Core.Common.Error(ModelHub.Core.Common.ErrorKind.NotFound, "model_not_found", $"The model '{id}' does not exist") { Target = "model" }));
        group.MapPost("/chat/completions", CompleteAsync);
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, SimulatorEngine engine, CancellationToken cancellationToken)
    {
        var (document, problem) = await OpenAIErrors.ReadJsonAsync(http.Request, cancellationToken);
        if (document is null)
        {
            return problem!;
        }

        using (document)
        {
            var body = document.RootElement;
            if (!body.TryGetProperty("model", out var modelElement) || modelElement.ValueKind != JsonValueKind.String)
            {
                return OpenAIErrors.Invalid("Missing required parameter: 'model'.", "model", "missing_required_parameter");
            }

            if (!body.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array)
            {
                return OpenAIErrors.Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
            }

            var messages = messagesElement.EnumerateArray().Select(Message).ToList();
            var answer = engine.Complete(modelElement.GetString()!, messages);
            if (!answer.Succeeded)
            {
                return OpenAIErrors.From(answer.Error!);
            }

            var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            if (!stream)
            {
                return Results.Json(Completion(answer.Value), SimulatorWire.Json);
            }

            var includeUsage = body.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
            await SimulatorChatStream.WriteAsync(http.Response, answer.Value, includeUsage, cancellationToken);
            return Results.Empty;
        }
    }

    private static object Completion(SimChatAnswer answer) => new
    {
        id = answer.Id,
        @object = "chat.completion",
        created = SimulatorWire.Unix(answer.CreatedAt),
        model = answer.Model,
        choices = new[]
        {
            new
            {
                index = 0,
                message = new { role = "assistant", content = answer.Content, refusal = (string?)null },
                logprobs = (object?)null,
                finish_reason = "stop",
            },
        },
        usage = SimulatorChatStream.Usage(answer),
        system_fingerprint = "fp_modelhub_sim",
    };

    /// <summary>Content may be a string or an array of parts; only text parts matter to the simulator.</summary>
    private static SimChatMessage Message(JsonElement message)
    {
        var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "user";
        var content = message.TryGetProperty("content", out var c) ? c : default;
        var text = content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(p => p.TryGetProperty("type", out var t) && t.GetString() == "text" && p.TryGetProperty("text", out _))
                .Select(p => p.GetProperty("text").GetString())),
            _ => "",
        };
        return new SimChatMessage(role, text);
    }
}
