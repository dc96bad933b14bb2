using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.Core.Scaleout;

/// <summary>Registers the background-work lease; call before the services that run under it, so it starts first.</summary>
public static class ScaleoutServiceCollectionExtensions
{
    public static IServiceCollection AddModelHubLease(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LeaseOptions>(configuration.GetSection(LeaseOptions.Section));
        services.PostConfigure<LeaseOptions>(options => options.SingleInstance = string.IsNullOrWhiteSpace(configuration[ScaleoutSetting.RedisKey]));
        services.AddSingleton<InstanceIdentity>().AddSingleton<LeaseStore>();
        services.AddSingleton<BackgroundWorkLease>().AddHostedService(sp => sp.GetRequiredService<BackgroundWorkLease>());
        return services;
    }
}
