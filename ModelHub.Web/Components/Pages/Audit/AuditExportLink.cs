using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using ModelHub.Core.Audit;

namespace ModelHub.Web.Components.Pages.Audit;

/// <summary>The CSV export address carrying the page's current filters.</summary>
internal static class AuditExportLink
{
    public static string For(AuditFilter filter)
    {
        var query = new Dictionary<string, string?>();
        Add(query, "object", filter.Object);
        Add(query, "actor", filter.Actor);
        Add(query, "action", filter.Action);
        Add(query, "from", filter.From?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add(query, "to", filter.To?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return QueryHelpers.AddQueryString("/api/audit/export.csv", query);
    }

    private static void Add(Dictionary<string, string?> query, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            query[key] = value;
        }
    }
}
