namespace ModelHub.Core.Datasets.Statistics;

/// <summary>Summary of one per-example figure; percentiles interpolate linearly between ranks (numpy's default).</summary>
public sealed record Distribution(long Min, double Median, double P90, long Max, double Mean);
