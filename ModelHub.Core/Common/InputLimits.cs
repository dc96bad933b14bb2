using System.Globalization;

namespace ModelHub.Core.Common;

/// <summary>
/// How much and what people may type, in one place: every use case that takes a name or a free text checks it here, so
/// pages and the API refuse the same things with the same message (naming the field and the limit).
/// </summary>
public static class InputLimits
{
    /// <summary>Names: datasets, models, tokens, users, price-table entries.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Free texts: reasons, comments, descriptions, notes.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>The highest page number a list accepts; with <see cref="MaxPageSize"/> the offset stays far below <see cref="int.MaxValue"/>.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>The most rows one page returns.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The largest offset (<c>skip</c>) a list accepts.</summary>
    public const int MaxSkip = MaxPage * MaxPageSize;

    /// <summary>
    /// Checks a name: present when <paramref name="required"/>, at most <see cref="MaxNameLength"/> characters after
    /// trimming, and free of control and bidirectional-formatting characters (which make one name look like another).
    /// </summary>
    /// <param name="value">What was typed.</param>
    /// <param name="field">The field as the API spells it (<c>name</c>), reported as the error's target.</param>
    /// <param name="label">The field as people read it ("The dataset name").</param>
    /// <param name="required">Whether an empty value is refused.</param>
    /// <param name="maxLength">A tighter limit for names that have one (aliases, model names).</param>
    public static Error? Name(string? value, string field, string label, bool required = true, int maxLength = MaxNameLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Error.Validation($"{label} is required.", field) : null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            return TooLong(label, field, maxLength, trimmed.Length);
        }

        return trimmed.Any(IsHiddenInName)
            ? Error.Validation($"{label} contains a control or text-direction character (such as NUL or U+202E); use visible characters only.", field)
            : null;
    }

    /// <summary>
    /// Checks a free text (reason, comment, description, notes): present when <paramref name="required"/>, at most
    /// <see cref="MaxTextLength"/> characters after trimming; line breaks and tabs are fine, other control characters are not.
    /// </summary>
    public static Error? Text(string? value, string field, string label, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Error.Validation($"{label} is required.", field) : null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > MaxTextLength)
        {
            return TooLong(label, field, MaxTextLength, trimmed.Length);
        }

        return trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            ? Error.Validation($"{label} contains a control character (such as NUL); only text, line breaks and tabs are accepted.", field)
            : null;
    }

    /// <summary>Checks a page request (1-based page, rows per page); out-of-range values are refused rather than wrapped around.</summary>
    public static Error? Page(int page, int pageSize)
    {
        if (page is < 1 or > MaxPage)
        {
            return Error.Validation($"page must be between 1 and {MaxPage.ToString("N0", CultureInfo.InvariantCulture)}; {page} was given.", "page");
        }

        return pageSize is < 1 or > MaxPageSize
            ? Error.Validation($"pageSize must be between 1 and {MaxPageSize}; {pageSize} was given.", "pageSize")
            : null;
    }

    /// <summary>Checks an offset window (<c>skip</c>, <c>take</c>).</summary>
    public static Error? Window(int skip, int take)
    {
        if (skip is < 0 or > MaxSkip)
        {
            return Error.Validation($"skip must be between 0 and {MaxSkip.ToString("N0", CultureInfo.InvariantCulture)}; {skip} was given.", "skip");
        }

        return take is < 1 or > MaxPageSize
            ? Error.Validation($"take must be between 1 and {MaxPageSize}; {take} was given.", "take")
            : null;
    }

    /// <summary>The rows a (clamped) page starts at, computed without overflowing.</summary>
    public static int Offset(int page, int pageSize) =>
        (int)Math.Min((long)(Math.Clamp(page, 1, MaxPage) - 1) * Math.Clamp(pageSize, 1, MaxPageSize), MaxSkip);

    /// <summary>
    /// Parses an enum by its name only (case-insensitive): numbers such as <c>"3"</c>, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
    /// accepts and which would pick a value by its position, are refused, and so are undefined values and combinations.
    /// </summary>
    public static bool TryParseName<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        var name = text?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var candidate in Enum.GetNames<TEnum>())
        {
            if (candidate.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = Enum.Parse<TEnum>(candidate);
                return true;
            }
        }

        return false;
    }

    // Cc (NUL, ESC, DEL, C1) and the characters that reorder text on screen: embeddings and overrides (U+202A–U+202E),
    // isolates (U+2066–U+2069), the marks U+200E/U+200F/U+061C; zero-width characters and the BOM hide inside a name.
    private static bool IsHiddenInName(char c) =>
        char.IsControl(c)
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069'
        || c is '\u200E' or '\u200F' or '\u061C'
        || c is >= '\u200B' and <= '\u200D'
        || c is '\uFEFF';

    private static Error TooLong(string label, string field, int max, int given) =>
        Error.Validation($"{label} can have at most {max.ToString("N0", CultureInfo.InvariantCulture)} characters; {given.ToString("N0", CultureInfo.InvariantCulture)} were given.", field);
}
