using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelHub.Core.Realtime;
using ModelHub.Core.Scaleout;
using ModelHub.Web.Observability;
using ModelHub.Web.Scaleout;
using StackExchange.Redis;

namespace ModelHub.Web.Hosting;

/// <summary>
/// Several instances: with <c>ModelHub:Redis</c> set, SignalR sends go through the Redis backplane and updates cross
/// instances through Redis pub/sub; Redis joins readiness. Unset, nothing changes (one instance).
/// </summary>
internal static class ScaleoutSetup
{
    /// <summary>The backplane's channel prefix, so several applications can share one Redis.</summary>
    public const string ChannelPrefix = "ModelHub";

    public static IServiceCollection AddModelHubScaleout(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RemoteUpdates>();
        var redis = configuration[ScaleoutSetting.RedisKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            return services;
        }

        services.AddSingleton(new RedisConnection(redis));
        services.AddSingleton<InProcessUpdateBus>();
        services.AddSingleton<RedisUpdateBus>();
        services.Replace(ServiceDescriptor.Singleton<IUpdateBus>(sp => sp.GetRequiredService<RedisUpdateBus>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisUpdateBus>());

        services.AddSignalR().AddStackExchangeRedis(options =>
        {
            options.Configuration = RedisConnection.Options(redis);
            options.Configuration.ChannelPrefix = RedisChannel.Literal(ChannelPrefix);
        });

        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}
