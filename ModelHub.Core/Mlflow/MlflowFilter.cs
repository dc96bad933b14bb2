using System.Text;
using ModelHub.Core.Common;

namespace ModelHub.Core.Mlflow;

/// <summary>What a filter condition compares: an attribute (<c>name</c>, <c>run_id</c>, …), a tag or a parameter.</summary>
public enum FilterTarget
{
    Attribute,
    Tag,
    Param,
}

/// <summary>One <c>key op 'value'</c> of an MLflow search filter; <see cref="Op"/> is <c>=</c>, <c>!=</c>, <c>LIKE</c> or <c>ILIKE</c>.</summary>
public sealed record FilterCondition(FilterTarget Target, string Key, string Op, string Value);

/// <summary>
/// The part of MLflow's search filter grammar ModelHub answers: conditions <c>key op 'value'</c> joined by <c>AND</c>,
/// keys <c>name</c>-like attributes, <c>tags.`k`</c> (or <c>tag.</c>) and <c>params.k</c>. Anything else is refused by
/// name, never guessed at.
/// </summary>
public static class MlflowFilter
{
    public const int MaxLength = 4000;

    /// <summary>Parses <paramref name="filter"/>; an empty filter is no condition.</summary>
    public static Result<IReadOnlyList<FilterCondition>> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return Result<IReadOnlyList<FilterCondition>>.Success([]);
        }

        if (filter.Length > MaxLength)
        {
            return Invalid($"The filter is longer than {MaxLength} characters.");
        }

        var reader = new Reader(filter);
        var conditions = new List<FilterCondition>();
        while (true)
        {
            var condition = reader.Condition();
            if (!condition.Succeeded)
            {
                return condition.Error!;
            }

            conditions.Add(condition.Value);
            reader.SkipSpace();
            if (reader.AtEnd)
            {
                return conditions;
            }

            var word = reader.Word();
            if (!word.Equals("AND", StringComparison.OrdinalIgnoreCase))
            {
                return Invalid(word.Length == 0
                    ? $"Unexpected '{reader.Rest}' in the filter; conditions are joined with AND."
                    : $"'{word}' is not supported in filters; only AND joins conditions (no OR, no parentheses).");
            }
        }
    }

    internal static Error Invalid(string message) => Error.Validation(message, "filter");

    private sealed class Reader(string text)
    {
        private int at;

        public bool AtEnd => at >= text.Length;

        public string Rest => text[at..];

        public void SkipSpace()
        {
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }
        }

        public string Word()
        {
            SkipSpace();
            var start = at;
            while (at < text.Length && (char.IsLetterOrDigit(text[at]) || text[at] is '_' or '.'))
            {
                at++;
            }

            return text[start..at];
        }

        public Result<FilterCondition> Condition()
        {
            var key = Key();
            if (!key.Succeeded)
            {
                return key.Error!;
            }

            SkipSpace();
            var op = Operator();
            if (op is null)
            {
                return Invalid($"Expected =, !=, LIKE or ILIKE after '{Describe(key.Value)}' but found '{Truncate(Rest)}'.");
            }

            SkipSpace();
            var value = Quoted();
            if (value is null)
            {
                return Invalid($"Expected a quoted value after '{Describe(key.Value)} {op}' but found '{Truncate(Rest)}'; numbers and lists are not supported.");
            }

            return key.Value with { Op = op, Value = value };
        }

        private Result<FilterCondition> Key()
        {
            SkipSpace();
            if (AtEnd)
            {
                return Invalid("The filter ends where a condition was expected.");
            }

            string first;
            if (text[at] is '`' or '"')
            {
                first = Quoted() ?? "";
                return Attribute(first);
            }

            first = Identifier();
            if (first.Length == 0)
            {
                return Invalid($"Expected a field name but found '{Truncate(Rest)}'.");
            }

            if (at < text.Length && text[at] == '.')
            {
                at++;
                var name = at < text.Length && text[at] is '`' or '"' ? Quoted() : Identifier();
                if (string.IsNullOrEmpty(name))
                {
                    return Invalid($"Expected a name after '{first}.'.");
                }

                return first.ToLowerInvariant() switch
                {
                    "tags" or "tag" => new FilterCondition(FilterTarget.Tag, name, "", ""),
                    "params" or "param" or "parameter" or "parameters" => new FilterCondition(FilterTarget.Param, name, "", ""),
                    "attributes" or "attribute" or "attr" or "run" => Attribute(name),
                    _ => Invalid($"'{first}.{name}' is not supported in filters; use attributes, tags.`key` or params.`key`."),
                };
            }

            return Attribute(first);
        }

        private static Result<FilterCondition> Attribute(string name) => new FilterCondition(FilterTarget.Attribute, name.ToLowerInvariant(), "", "");

        private string Identifier()
        {
            var start = at;
            while (at < text.Length && (char.IsLetterOrDigit(text[at]) || text[at] == '_'))
            {
                at++;
            }

            return text[start..at];
        }

        private string? Operator()
        {
            if (Rest.StartsWith("!=", StringComparison.Ordinal))
            {
                at += 2;
                return "!=";
            }

            if (Rest.StartsWith('='))
            {
                at += Rest.StartsWith("==", StringComparison.Ordinal) ? 2 : 1;
                return "=";
            }

            var save = at;
            var word = Identifier().ToUpperInvariant();
            if (word is "LIKE" or "ILIKE")
            {
                return word;
            }

            at = save;
            return null;
        }

        /// <summary>A value in single or double quotes (or a key in backticks); a doubled quote inside stands for one.</summary>
        private string? Quoted()
        {
            if (AtEnd || text[at] is not ('\'' or '"' or '`'))
            {
                return null;
            }

            var quote = text[at++];
            var value = new StringBuilder();
            while (at < text.Length)
            {
                var c = text[at++];
                if (c == quote)
                {
                    if (at < text.Length && text[at] == quote)
                    {
                        value.Append(quote);
                        at++;
                        continue;
                    }

                    return value.ToString();
                }

                value.Append(c);
            }

            return null;
        }

        private static string Describe(FilterCondition key) => key.Target switch
        {
            FilterTarget.Tag => $"tags.`{key.Key}`",
            FilterTarget.Param => $"params.`{key.Key}`",
            _ => key.Key,
        };

        private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
    }
}
