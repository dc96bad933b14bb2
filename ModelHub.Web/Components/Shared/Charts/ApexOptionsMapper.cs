using System.Text.Json;

namespace ModelHub.Web.Components.Shared.Charts;

/// <summary>Everything about an <see cref="ApexChart"/> except its data.</summary>
internal sealed record ChartLook(
    ChartKind Kind,
    IReadOnlyList<string>? Categories,
    string? XAxisTitle,
    string? YAxisTitle,
    double? YMin,
    double? YMax,
    int Height,
    bool ShowLegend,
    bool Zoom,
    bool Toolbar,
    bool DarkMode,
    bool Animate,
    bool Stacked = false);

/// <summary>Turns the typed chart parameters into apexcharts' options object.</summary>
internal static class ApexOptionsMapper
{
    public static ApexOptions Build(IReadOnlyList<ChartSeries> series, ChartLook look) => new(
        Chart: new ApexChartSettings(
            Type: look.Kind == ChartKind.Bar ? "bar" : "line",
            Height: look.Height,
            // Lets the MudPaper behind the chart show through in both light and dark mode.
            Background: "transparent",
            Zoom: new ApexToggle(look.Zoom),
            Toolbar: new ApexToolbar(look.Toolbar),
            Animations: new ApexToggle(look.Animate),
            Stacked: look.Stacked),
        Series: series
            .Select(s => new ApexSeries(s.Name, s.Points.Select(p => ToDatum(look.Kind, look.Categories, p)).ToList()))
            .ToList(),
        Xaxis: new ApexXAxis(look.Kind == ChartKind.Bar ? "category" : "numeric", Title(look.XAxisTitle)),
        Yaxis: new ApexYAxis(look.YMin, look.YMax, Title(look.YAxisTitle)),
        // Value labels on every bar or point are noise at the sizes we chart.
        DataLabels: new ApexToggle(false),
        Legend: new ApexLegend(look.ShowLegend),
        Theme: new ApexTheme(look.DarkMode ? "dark" : "light"));

    public static ApexDatum ToDatum(ChartKind kind, IReadOnlyList<string>? categories, ChartPoint point)
    {
        // JSON has no NaN or infinity; apexcharts draws a null as a gap, which is what a missing value is.
        var y = point.Y is { } v && double.IsFinite(v) ? v : (double?)null;
        if (kind == ChartKind.Bar && categories is not null && point.X >= 0 && point.X < categories.Count
            && point.X == Math.Floor(point.X))
        {
            return new ApexDatum(categories[(int)point.X], y);
        }

        return new ApexDatum(point.X, y);
    }

    /// <summary>A comparable snapshot of the options without the data, to notice when they need re-applying.</summary>
    public static string Fingerprint(ApexOptions options) => JsonSerializer.Serialize(options with { Series = null });

    public static IReadOnlyList<ChartSeries> Merge(
        IReadOnlyList<ChartSeries> series, IReadOnlyList<(string series, ChartPoint point)> points) =>
        series
            .Select(s => s with { Points = [.. s.Points, .. points.Where(p => p.series == s.Name).Select(p => p.point)] })
            .ToList();

    private static ApexTitle? Title(string? text) => string.IsNullOrWhiteSpace(text) ? null : new ApexTitle(text);
}
