namespace ModelHub.Core.Scaleout;

/// <summary>Timing of the background-work lease, bound from <c>ModelHub:Lease</c>.</summary>
public sealed class LeaseOptions
{
    public const string Section = "ModelHub:Lease";

    /// <summary>How long a taken or renewed lease lasts; another instance takes over at most this long (plus one renewal interval) after the holder died.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the holder renews and the others try to take over.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Without Redis there is one instance by configuration, so a lease still held by an earlier process (one that
    /// crashed) is taken over at once instead of waiting for it to expire. Set from <c>ModelHub:Redis</c>.
    /// </summary>
    public bool SingleInstance { get; set; } = true;

    /// <summary>
    /// The holder stops its work when it has not renewed for this long: one renewal interval before the lease could
    /// expire and be taken elsewhere, so two instances never work at once.
    /// </summary>
    public TimeSpan WorkDeadline => Ttl - RenewInterval;

    /// <summary>Throws on timings under which two holders could overlap.</summary>
    public void Validate()
    {
        if (RenewInterval <= TimeSpan.Zero || Ttl < 2 * RenewInterval)
        {
            throw new InvalidOperationException("ModelHub:Lease:Ttl must be at least twice ModelHub:Lease:RenewInterval, and both positive.");
        }
    }
}
