namespace ModelHub.Core.Gateway;

/// <summary>Gateway usage summed per minute and per (model, version, alias, canary, caller, token, status).</summary>
public sealed class UsageMinute
{
    public long Id { get; set; }

    /// <summary>The start of the minute (UTC).</summary>
    public DateTimeOffset Minute { get; set; }

    public required string Model { get; set; }

    /// <summary>The version that answered; 0 when the request resolved none (unknown alias, no production version).</summary>
    public int Version { get; set; }

    public required string Alias { get; set; }

    /// <summary>True for calls the canary split sent to the Staging version.</summary>
    public bool Canary { get; set; }

    public required string CallerId { get; set; }

    public int TokenId { get; set; }

    public int Status { get; set; }

    public long Calls { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public double LatencyMsTotal { get; set; }

    public double TimeToFirstTokenMsTotal { get; set; }

    /// <summary>Latency counts per <see cref="LatencyHistogram"/> bucket, as <c>bucket:count</c> pairs joined by <c>;</c>.</summary>
    public required string LatencyBuckets { get; set; }
}
