namespace ModelHub.Core.Realtime;

/// <summary>
/// Updates from other instances may have been lost (the connection between instances broke and came back); holders of
/// caches empty them. Published to this instance's subscribers only.
/// </summary>
public sealed record UpdatesMayBeMissed(string Topic) : Update(Topic);
