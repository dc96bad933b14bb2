namespace ModelHub.Web.Components.Shared.Charts;

/// <summary>One named line or bar group of an <see cref="ApexChart"/>.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>One point; a null (or non-finite) <paramref name="Y"/> is drawn as a gap.</summary>
public sealed record ChartPoint(double X, double? Y);
