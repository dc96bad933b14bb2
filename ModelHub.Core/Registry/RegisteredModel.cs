using System.Text.RegularExpressions;

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

    /// <summary>Lowercase letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, 1–64 characters: the name appears in URLs.</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
