namespace ModelHub.Web.Components.Shared.Charts;

/// <summary>How an <see cref="ApexChart"/> draws its series.</summary>
public enum ChartKind
{
    /// <summary>Lines over a numeric x axis (steps, epochs, time).</summary>
    Line,

    /// <summary>Bars over categories; a point's X is the index into <see cref="ApexChart.Categories"/>.</summary>
    Bar,
}
