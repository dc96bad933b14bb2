using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ModelHub.Core.Providers;

/// <summary>Registers <see cref="IFineTuningProvider"/>, its endpoint choice and its resilient HttpClient.</summary>
public static class ProviderServiceCollectionExtensions
{
    /// <summary>
    /// With <c>HolySheep:ApiKey</c> set, calls go to <c>HolySheep:BaseUrl</c>; otherwise to the <see cref="IProviderEndpoint"/>
    /// the host registered under the key <see cref="ProviderEndpoints.SimulatorServiceKey"/>.
    /// </summary>
    public static IServiceCollection AddModelHubProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HolySheepOptions>().Bind(configuration.GetSection(HolySheepOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProviderEndpointChoice>();
        services.TryAddSingleton<IProviderEndpoint>(sp =>
        {
            var chosen = sp.GetRequiredService<ProviderEndpointChoice>().Choose();
            return chosen.Succeeded ? chosen.Value : throw new InvalidOperationException(chosen.Error!.Message);
        });

        services.AddHttpClient(ProviderClients.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true)
            .AddResilienceHandler("provider", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<HolySheepOptions>>().Value;
                pipeline.AddTimeout(options.TotalTimeout);

                // Defaults handle 408, 429, 5xx, network errors and attempt timeouts, and honour Retry-After.
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        Delay = options.RetryBaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });

        services.TryAddSingleton<ProviderClients>();
        services.AddMetrics();
        services.TryAddSingleton<ProviderErrors>();
        services.TryAddSingleton<IFineTuningProvider, OpenAIFineTuningProvider>();
        services.TryAddSingleton<ProviderConnectionCheck>();
        return services;
    }
}
