using System.Globalization;
using ModelHub.Core.Common;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Gateway;

/// <summary>
/// The <c>model</c> a gateway caller asked for: <c>name</c> (its production version), <c>name@alias</c>
/// (<c>production</c>, <c>staging</c>, <c>latest</c> or a custom alias) or <c>name@3</c> (version 3).
/// </summary>
public sealed record GatewayModelRef(string Model, string Alias, int? Version)
{
    /// <summary>What the caller wrote after <c>@</c> (or <c>production</c> when nothing), as usage records name it.</summary>
    public string Asked => Version is { } number ? number.ToString(CultureInfo.InvariantCulture) : Alias;

    /// <summary>Parses a request's <c>model</c>; a 404-kind error when it cannot name a registered model at all.</summary>
    public static Result<GatewayModelRef> Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Error.Invalid("missing_required_parameter", "Missing required parameter: 'model'.", "model");
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? value : value[..at];
        var suffix = at < 0 ? ModelAlias.Production : value[(at + 1)..];
        if (!RegisteredModel.IsValidName(name))
        {
            return Unknown(value);
        }

        if (suffix.Length is > 0 and <= 9 && suffix.All(char.IsAsciiDigit))
        {
            var number = int.Parse(suffix, CultureInfo.InvariantCulture);
            return number > 0 ? new GatewayModelRef(name, suffix, number) : Unknown(value);
        }

        return ModelAlias.IsValidName(suffix) ? new GatewayModelRef(name, suffix, null) : Unknown(value);
    }

    private static Error Unknown(string value) =>
        new(ErrorKind.NotFound, "model_not_found",
            $"The model '{Shown(value)}' does not exist: use a registered model's name, name@alias or name@version.") { Target = "model" };

    // Echo only short, printable input: the message goes back to the caller and into logs.
    private static string Shown(string value) =>
        value.Length <= 100 && value.All(c => c is >= ' ' and <= '~') ? value : "(unprintable or too long)";
}
