using System.Globalization;
using ModelHub.Core.Common;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Gateway;

/// <summary>How a usage report groups its rows.</summary>
public enum UsageGrouping
{
    Day,
    Version,
    Caller,
    Model,
}

/// <summary>A usage report's filter: optional model, version (needs model), caller, and the [from, to) time range.</summary>
public sealed record UsageFilter(string? Model, int? Version, string? Caller, DateTimeOffset From, DateTimeOffset To, UsageGrouping GroupBy)
{
    /// <summary>The longest range one report covers.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    /// <summary>
    /// Reads the API's query strings; every bad value is a validation error naming its parameter. Without from/to the
    /// range is the current month up to <paramref name="now"/>.
    /// </summary>
    public static Result<UsageFilter> Parse(string? model, string? version, string? caller, string? from, string? to, string? groupBy, DateTimeOffset now)
    {
        if (!string.IsNullOrEmpty(model) && !RegisteredModel.IsValidName(model))
        {
            return Error.Validation("model must be a registered model's name (lowercase letters, digits, '.', '-', '_').", "model");
        }

        int? number = null;
        if (!string.IsNullOrEmpty(version))
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return Error.Validation("version must be a version number (1 or more).", "version");
            }

            if (string.IsNullOrEmpty(model))
            {
                return Error.Validation("version needs model: a version number means nothing without its model.", "version");
            }

            number = parsed;
        }

        if (caller is { Length: > 450 } || (caller is not null && caller.Any(char.IsControl)))
        {
            return Error.Validation("caller must be a user id (at most 450 characters).", "caller");
        }

        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        if (!TryTime(from, start, out var fromTime))
        {
            return Error.Validation("from must be an ISO 8601 date or time, e.g. 2026-12-01 or 2026-12-01T00:00:00Z.", "from");
        }

        if (!TryTime(to, now, out var toTime))
        {
            return Error.Validation("to must be an ISO 8601 date or time, e.g. 2026-12-31 or 2026-12-31T23:59:59Z.", "to");
        }

        if (toTime <= fromTime)
        {
            return Error.Validation("to must be after from.", "to");
        }

        if (toTime - fromTime > MaxRange)
        {
            return Error.Validation($"The range from–to may span at most {MaxRange.TotalDays:N0} days.", "to");
        }

        var grouping = UsageGrouping.Day;
        if (!string.IsNullOrEmpty(groupBy) && !InputLimits.TryParseName(groupBy, out grouping))
        {
            return Error.Validation("groupBy must be day, version, caller or model.", "groupBy");
        }

        return new UsageFilter(string.IsNullOrEmpty(model) ? null : model, number, string.IsNullOrEmpty(caller) ? null : caller, fromTime, toTime, grouping);
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        if (string.IsNullOrEmpty(text))
        {
            time = fallback;
            return true;
        }

        if (text.Length <= 40 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            return true;
        }

        time = default;
        return false;
    }
}

/// <summary>One group of a usage report: its key parts (those of the grouping are set) and its stats.</summary>
public sealed record UsageRow(string Key, DateOnly? Day, string? Model, int? Version, string? Caller, UsageStats Stats);

/// <summary>A usage report: its groups, largest spend first (days in order), and the total.</summary>
public sealed record UsageReport(UsageFilter Filter, IReadOnlyList<UsageRow> Rows, UsageStats Total);
