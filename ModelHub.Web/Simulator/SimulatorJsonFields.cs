using System.Text.Json;
using ModelHub.Core.Common;

namespace ModelHub.Web.Simulator;

/// <summary>
/// Reads optional fields of a request body by their OpenAI types; a field of the wrong type is an <c>invalid_type</c>
/// error naming it, as OpenAI answers, never a silent default or an exception.
/// </summary>
internal static class SimulatorJsonFields
{
    /// <summary>A string field; null when absent or JSON null.</summary>
    public static Result<string?> Text(JsonElement body, string name, string param)
    {
        if (!Present(body, name, out var value))
        {
            return (string?)null;
        }

        return value.ValueKind == JsonValueKind.String ? String(value, param) : InvalidType(param, "a string", value);
    }

    /// <summary>
    /// A JSON string's text. JSON escapes can spell a lone UTF-16 surrogate, which is valid JSON but no text: the
    /// reader throws on it, so it becomes an <c>invalid_value</c> error here.
    /// </summary>
    public static Result<string?> String(JsonElement value, string param)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return new Error(ErrorKind.Validation, "invalid_value", $"Invalid value for '{param}': the string is not valid Unicode text.") { Target = param };
        }
    }

    /// <summary>An integer field within <see cref="int"/>; <c>"auto"</c> reads as null where <paramref name="allowAuto"/>.</summary>
    public static Result<int?> Integer(JsonElement body, string name, string param, bool allowAuto = false)
    {
        if (!Present(body, name, out var value) || (allowAuto && IsAuto(value)))
        {
            return (int?)null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? (int?)number
            : InvalidType(param, "an integer", value);
    }

    /// <summary>A number field; <c>"auto"</c> reads as null.</summary>
    public static Result<double?> NumberOrAuto(JsonElement body, string name, string param)
    {
        if (!Present(body, name, out var value) || IsAuto(value))
        {
            return (double?)null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? (double?)number
            : InvalidType(param, "a number", value);
    }

    /// <summary>A boolean field; false when absent or JSON null.</summary>
    public static Result<bool> Flag(JsonElement body, string name, string param)
    {
        if (!Present(body, name, out var value))
        {
            return false;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : InvalidType(param, "a boolean", value);
    }

    /// <summary>An object field; <c>default</c> (Undefined) when absent or JSON null.</summary>
    public static Result<JsonElement> Object(JsonElement body, string name, string param)
    {
        if (!Present(body, name, out var value))
        {
            return default(JsonElement);
        }

        return value.ValueKind == JsonValueKind.Object ? value : InvalidType(param, "an object", value);
    }

    /// <summary>The first of several field errors, in the order the fields were read.</summary>
    public static Error? FirstError(params Error?[] errors) => errors.FirstOrDefault(e => e is not null);

    public static Error InvalidType(string param, string expected, JsonElement got) =>
        new(ErrorKind.Validation, "invalid_type", $"Invalid type for '{param}': expected {expected}, but got {Describe(got)} instead.") { Target = param };

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static bool Present(JsonElement body, string name, out JsonElement value)
    {
        value = default;
        return body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private static bool IsAuto(JsonElement value) => value.ValueKind == JsonValueKind.String && value.ValueEquals("auto");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
