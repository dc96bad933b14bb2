using System.Text.Json.Serialization;

namespace ModelHub.Web.Components.Shared.Charts;

// The subset of apexcharts' options object that ApexChart sets, shaped so that Blazor's camelCase JSON
// is exactly what `new ApexCharts(element, options)` expects. Nulls are left out because apexcharts
// treats an explicit null differently from a missing key (e.g. yaxis.min: null pins the axis at 0).

internal sealed record ApexOptions(
    ApexChartSettings Chart,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ApexSeries>? Series,
    ApexXAxis Xaxis,
    ApexYAxis Yaxis,
    ApexToggle DataLabels,
    ApexLegend Legend,
    ApexTheme Theme);

internal sealed record ApexChartSettings(
    string Type,
    int Height,
    string Background,
    ApexToggle Zoom,
    ApexToolbar Toolbar,
    ApexToggle Animations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Stacked = false);

internal sealed record ApexToggle(bool Enabled);

internal sealed record ApexToolbar(bool Show);

internal sealed record ApexLegend(bool Show);

internal sealed record ApexTheme(string Mode);

internal sealed record ApexTitle(string Text);

internal sealed record ApexXAxis(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApexTitle? Title);

internal sealed record ApexYAxis(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Min,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Max,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApexTitle? Title);

internal sealed record ApexSeries(string Name, IReadOnlyList<ApexDatum> Data);

/// <summary>Argument of appendData: the points to add to the series at the same index.</summary>
internal sealed record ApexAppend(IReadOnlyList<ApexDatum> Data);

/// <summary><paramref name="X"/> is a number on line charts and a category label on bar charts.</summary>
internal sealed record ApexDatum(object X, double? Y);
