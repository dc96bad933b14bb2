using System.Text.RegularExpressions;
using ModelHub.Core.Common;

namespace ModelHub.Core.Registry;

/// <summary>A named model in the registry; each succeeded fine-tune job adds a <see cref="ModelVersion"/> to it.</summary>
public sealed partial class RegisteredModel
{
    public const int MaxNameLength = 64;

    public int Id { get; set; }

    /// <summary>Unique, URL-safe name (see <see cref="IsValidName"/>).</summary>
    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Comma-separated labels, e.g. <c>nlp,sentiment</c>.</summary>
    public string? Tags { get; set; }

    public required string OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ModelVersion> Versions { get; set; } = [];

    /// <summary>
    /// Lowercase letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, 1–64 characters, not only dots: the name appears in
    /// URLs and paths, where <c>.</c> and <c>..</c> mean "here" and "up".
    /// </summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name) && name.Any(c => c != '.');

    /// <summary>The refusal for a name that is not valid, naming the field and the rule; null when it is valid.</summary>
    public static Error? CheckName(string? name) => IsValidName(name)
        ? null
        : Error.Validation(name is { Length: > 0 and <= MaxNameLength } && name.All(c => c == '.')
            ? $"'{name}' cannot be a model name: it means a folder in a path. Use letters or digits too."
            : $"{Shown(name)} is not a valid model name: use 1–{MaxNameLength} lowercase letters, digits, '.', '-' or '_'.", "name");

    // A refused name is echoed only when short and plain ASCII.
    private static string Shown(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && name.All(c => c is >= ' ' and <= '~') ? $"'{name}'" : "The name";

    [GeneratedRegex("^[a-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
