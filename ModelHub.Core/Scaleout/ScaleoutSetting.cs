namespace ModelHub.Core.Scaleout;

/// <summary>The setting that turns one instance into several.</summary>
public static class ScaleoutSetting
{
    /// <summary>A StackExchange.Redis connection string; unset means one instance (no backplane, no cross-instance updates).</summary>
    public const string RedisKey = "ModelHub:Redis";
}
