using System.Buffers;
using System.Text.Json;
using ModelHub.Core.Common;

namespace ModelHub.Web.Gateway;

/// <summary>
/// A caller's chat completion request, read once: the <c>model</c> it asked for, whether it streams, and whether it asked
/// for the usage chunk. <see cref="Rewrite"/> produces the body sent upstream; nothing is kept after the request.
/// </summary>
internal sealed class ChatRequestBody(JsonDocument document, string model, bool stream, bool includeUsage) : IDisposable
{
    public string Model { get; } = model;

    public bool Stream { get; } = stream;

    /// <summary>True when the caller set <c>stream_options.include_usage</c> itself (so the usage chunk is theirs to see).</summary>
    public bool CallerAskedForUsage { get; } = includeUsage;

    public static Result<ChatRequestBody> Parse(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Error.Invalid("invalid_json", "The request body must be a JSON object.");
        }

        if (!root.TryGetProperty("model", out var model) || model.ValueKind == JsonValueKind.Null)
        {
            return Error.Invalid("missing_required_parameter", "Missing required parameter: 'model'.", "model");
        }

        if (model.ValueKind != JsonValueKind.String)
        {
            return Error.Invalid("invalid_type", $"Invalid type for 'model': expected a string, but got {Kind(model)} instead.", "model");
        }

        var stream = false;
        if (root.TryGetProperty("stream", out var streamValue) && streamValue.ValueKind != JsonValueKind.Null)
        {
            if (streamValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Error.Invalid("invalid_type", $"Invalid type for 'stream': expected a boolean, but got {Kind(streamValue)} instead.", "stream");
            }

            stream = streamValue.GetBoolean();
        }

        var includeUsage = false;
        if (root.TryGetProperty("stream_options", out var options) && options.ValueKind != JsonValueKind.Null)
        {
            if (options.ValueKind != JsonValueKind.Object)
            {
                return Error.Invalid("invalid_type", $"Invalid type for 'stream_options': expected an object, but got {Kind(options)} instead.", "stream_options");
            }

            if (options.TryGetProperty("include_usage", out var usage) && usage.ValueKind != JsonValueKind.Null)
            {
                if (usage.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Error.Invalid("invalid_type", $"Invalid type for 'stream_options.include_usage': expected a boolean, but got {Kind(usage)} instead.", "stream_options.include_usage");
                }

                includeUsage = usage.GetBoolean();
            }
        }

        return new ChatRequestBody(document, model.GetString()!, stream, includeUsage);
    }

    /// <summary>
    /// The upstream body: every field as sent, <c>model</c> replaced by the provider's model id, and for a stream
    /// <c>stream_options.include_usage</c> set so the provider reports the tokens it counted.
    /// </summary>
    public void Rewrite(string providerModelId, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        var wroteOptions = false;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.NameEquals("model"))
            {
                writer.WriteString("model", providerModelId);
            }
            else if (Stream && property.NameEquals("stream_options") && property.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("stream_options");
                WriteOptions(writer, property.Value);
                wroteOptions = true;
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        if (Stream && !wroteOptions)
        {
            writer.WritePropertyName("stream_options");
            WriteOptions(writer, default);
        }

        writer.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter writer, JsonElement options)
    {
        writer.WriteStartObject();
        if (options.ValueKind == JsonValueKind.Object)
        {
            foreach (var option in options.EnumerateObject())
            {
                if (!option.NameEquals("include_usage"))
                {
                    option.WriteTo(writer);
                }
            }
        }

        writer.WriteBoolean("include_usage", true);
        writer.WriteEndObject();
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "a boolean",
    };

    public void Dispose() => document.Dispose();
}
