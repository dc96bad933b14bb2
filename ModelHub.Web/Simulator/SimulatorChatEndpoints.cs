using System.Text.Json;
using ModelHub.Core.Common;
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
            var request = Parse(document.RootElement);
            if (!request.Succeeded)
            {
                return OpenAIErrors.From(request.Error!);
            }

            var (model, messages, stream, includeUsage) = request.Value;
            var answer = engine.Complete(model, messages);
            if (!answer.Succeeded)
            {
                return OpenAIErrors.From(answer.Error!);
            }

            if (!stream)
            {
                return Results.Json(Completion(answer.Value), SimulatorWire.Json);
            }

            await SimulatorChatStream.WriteAsync(http.Response, answer.Value, includeUsage, cancellationToken);
            return Results.Empty;
        }
    }

    private sealed record ChatRequest(string Model, IReadOnlyList<SimChatMessage> Messages, bool Stream, bool IncludeUsage);

    private static Result<ChatRequest> Parse(JsonElement body)
    {
        var model = SimulatorJsonFields.Text(body, "model", "model");
        var stream = SimulatorJsonFields.Flag(body, "stream", "stream");
        var options = SimulatorJsonFields.Object(body, "stream_options", "stream_options");
        var includeUsage = SimulatorJsonFields.Flag(options.Succeeded ? options.Value : default, "include_usage", "stream_options.include_usage");
        if (SimulatorJsonFields.FirstError(model.Error, stream.Error, options.Error, includeUsage.Error) is { } invalid)
        {
            return invalid;
        }

        if (model.Value is null)
        {
            return new Error(ErrorKind.Validation, "missing_required_parameter", "Missing required parameter: 'model'.") { Target = "model" };
        }

        if (!body.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind == JsonValueKind.Null)
        {
            return new Error(ErrorKind.Validation, "missing_required_parameter", "Missing required parameter: 'messages'.") { Target = "messages" };
        }

        if (messagesElement.ValueKind != JsonValueKind.Array)
        {
            return SimulatorJsonFields.InvalidType("messages", "an array", messagesElement);
        }

        var messages = new List<SimChatMessage>();
        var index = 0;
        foreach (var element in messagesElement.EnumerateArray())
        {
            var message = Message(element, $"messages[{index++}]");
            if (!message.Succeeded)
            {
                return message.Error!;
            }

            messages.Add(message.Value);
        }

        return new ChatRequest(model.Value, messages, stream.Value, includeUsage.Value);
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

    /// <summary>
    /// A message is an object with a string role; its content a string, null (an assistant's tool call) or an array of
    /// part objects. Only text parts matter to the simulator, and their text must be a string.
    /// </summary>
    private static Result<SimChatMessage> Message(JsonElement message, string param)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return SimulatorJsonFields.InvalidType(param, "an object", message);
        }

        var role = SimulatorJsonFields.Text(message, "role", param + ".role");
        if (role.Error is { } invalidRole)
        {
            return invalidRole;
        }

        if (role.Value is null)
        {
            return new Error(ErrorKind.Validation, "missing_required_parameter", $"Missing required parameter: '{param}.role'.") { Target = param + ".role" };
        }

        var content = message.TryGetProperty("content", out var c) ? c : default;
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                var whole = SimulatorJsonFields.String(content, param + ".content");
                return whole.Succeeded ? new SimChatMessage(role.Value, whole.Value!) : whole.Error!;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return new SimChatMessage(role.Value, "");
            case JsonValueKind.Array:
                var text = new System.Text.StringBuilder();
                var index = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var partParam = $"{param}.content[{index++}]";
                    if (part.ValueKind != JsonValueKind.Object)
                    {
                        return SimulatorJsonFields.InvalidType(partParam, "an object", part);
                    }

                    var type = SimulatorJsonFields.Text(part, "type", partParam + ".type");
                    if (type.Error is { } invalidType)
                    {
                        return invalidType;
                    }

                    if (type.Value != "text")
                    {
                        continue;
                    }

                    var partText = SimulatorJsonFields.Text(part, "text", partParam + ".text");
                    if (partText.Error is { } invalidText)
                    {
                        return invalidText;
                    }

                    if (partText.Value is null)
                    {
                        return new Error(ErrorKind.Validation, "missing_required_parameter", $"Missing required parameter: '{partParam}.text'.") { Target = partParam + ".text" };
                    }

                    text.Append(partText.Value);
                }

                return new SimChatMessage(role.Value, text.ToString());
            default:
                return SimulatorJsonFields.InvalidType(param + ".content", "a string or an array", content);
        }
    }
}
