using System.Text.RegularExpressions;

namespace ModelHub.Core.Registry;

/// <summary>A custom name (e.g. <c>canary</c>) pointing at one version of a model at a time; unique per model.</summary>
public sealed partial class ModelAlias
{
    public const int MaxNameLength = 40;
    public const string Production = "production";
    public const string Staging = "staging";
    public const string Latest = "latest";

    public int Id { get; set; }

    public int RegisteredModelId { get; set; }

    public required string Name { get; set; }

    public int ModelVersionId { get; set; }

    public ModelVersion? ModelVersion { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedById { get; set; }

    /// <summary>Lowercase letters, digits, <c>-</c> and <c>_</c>, 1–40 characters.</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    /// <summary>Names that follow stages (or the newest version) and are never stored as custom aliases.</summary>
    public static bool IsReserved(string name) => name is Production or Staging or Latest;

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex NamePattern();
}
