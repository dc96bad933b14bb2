namespace ModelHub.Core.Scaleout;

/// <summary>
/// Who runs a kind of background work until when. One row per lease name; <see cref="Version"/> is the concurrency
/// token, so taking or renewing the lease is one conditional UPDATE that only one instance can win.
/// </summary>
public sealed class BackgroundLease
{
    public const int MaxNameLength = 100;

    public const int MaxHolderLength = 200;

    public required string Name { get; set; }

    /// <summary>The <see cref="InstanceIdentity.Id"/> of the instance holding it.</summary>
    public required string Holder { get; set; }

    /// <summary>When other instances may take it over unless the holder renews it first.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Bumped by every take-over and renewal; also tells holders apart over time (a fencing number).</summary>
    public long Version { get; set; }
}
