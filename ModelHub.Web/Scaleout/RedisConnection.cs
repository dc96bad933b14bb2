using StackExchange.Redis;

namespace ModelHub.Web.Scaleout;

/// <summary>
/// This instance's connection to Redis for updates and readiness, made on first use. It never fails start-up: with
/// Redis down the instance starts, reports not ready, and connects when Redis is back.
/// </summary>
internal sealed class RedisConnection(string configuration) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> multiplexer = new(() => Connect(configuration));

    public IConnectionMultiplexer Multiplexer => multiplexer.Value;

    public static ConfigurationOptions Options(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "ModelHub";
        return options;
    }

    public void Dispose()
    {
        if (multiplexer.IsValueCreated)
        {
            multiplexer.Value.Dispose();
        }
    }

    private static ConnectionMultiplexer Connect(string configuration) => ConnectionMultiplexer.Connect(Options(configuration));
}
