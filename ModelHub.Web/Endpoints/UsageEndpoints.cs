using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;

namespace ModelHub.Web.Endpoints;

/// <summary><c>/api/usage</c>: metered gateway usage and its cost, as JSON or as a CSV export.</summary>
internal static class UsageEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        var usage = app.MapGroup("/api/usage").WithTags("Usage").RequireAuthorization(Policies.CanView);

        usage.MapGet("/", async Task<Results<JsonHttpResult<UsageReport>, ProblemHttpResult>> (
                string? model, string? version, string? caller, string? from, string? to, string? groupBy,
                UsageQueries queries, TimeProvider time, CancellationToken ct) =>
            {
                var filter = UsageFilter.Parse(model, version, caller, from, to, groupBy, time.GetUtcNow());
                return filter.Succeeded ? TypedResults.Json(await queries.ReportAsync(filter.Value, ct), Json) : Problems.From(filter.Error!);
            })
            .WithSummary("Gateway usage: calls, errors, tokens, p50/p95 latency and cost (USD), filtered by model, version, caller (user id), from/to (ISO 8601; default this month) and grouped by day, version, caller or model.");

        usage.MapGet("/export", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
                string? model, string? version, string? caller, string? from, string? to, string? groupBy,
                UsageQueries queries, TimeProvider time, CancellationToken ct) =>
            {
                var filter = UsageFilter.Parse(model, version, caller, from, to, groupBy, time.GetUtcNow());
                if (!filter.Succeeded)
                {
                    return Problems.From(filter.Error!);
                }

                var report = await queries.ReportAsync(filter.Value, ct);
                return TypedResults.File(Encoding.UTF8.GetBytes(UsageCsv.Write(report)), "text/csv; charset=utf-8", $"modelhub-usage-{filter.Value.GroupBy.ToString().ToLowerInvariant()}.csv");
            })
            .WithSummary("The same report as CSV (one row per group; cells that a spreadsheet would run as formulas are prefixed with ').");

        return app;
    }
}

/// <summary>Usage reports as CSV, safe to open in a spreadsheet.</summary>
internal static class UsageCsv
{
    public static string Write(UsageReport report)
    {
        var csv = new StringBuilder();
        csv.AppendLine("group,calls,errors,input_tokens,output_tokens,p50_ms,p95_ms,cost_usd");
        foreach (var row in report.Rows)
        {
            Line(csv, row.Key, row.Stats);
        }

        Line(csv, "total", report.Total);
        return csv.ToString();
    }

    private static void Line(StringBuilder csv, string key, UsageStats stats)
    {
        var culture = CultureInfo.InvariantCulture;
        csv.Append(Cell(key)).Append(',')
            .Append(stats.Calls.ToString(culture)).Append(',')
            .Append(stats.Errors.ToString(culture)).Append(',')
            .Append(stats.InputTokens.ToString(culture)).Append(',')
            .Append(stats.OutputTokens.ToString(culture)).Append(',')
            .Append(stats.P50Ms?.ToString("0.##", culture)).Append(',')
            .Append(stats.P95Ms?.ToString("0.##", culture)).Append(',')
            .Append(stats.CostUsd.ToString("0.######", culture)).Append("\r\n");
    }

    /// <summary>
    /// One text cell: a leading <c>= + - @</c>, tab or carriage return would make a spreadsheet run it as a formula
    /// (CSV injection), so such cells get a leading apostrophe; quotes, commas and line breaks are quoted.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
