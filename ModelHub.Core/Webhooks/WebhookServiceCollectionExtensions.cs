using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ModelHub.Core.Webhooks;

/// <summary>Registers webhooks: the outbox, the use cases, the dispatcher and its HTTP client. The host supplies <see cref="IWebhookSecretProtector"/>.</summary>
public static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddModelHubWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<CreateWebhook>().AddSingleton<UpdateWebhook>().AddSingleton<DeleteWebhook>()
            .AddSingleton<RedeliverWebhook>().AddSingleton<WebhookQueries>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookDispatchLoop>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptionsMonitor<WebhookOptions>>().CurrentValue.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<WebhookOptions>>();
                // No redirects (a public URL must not bounce the request inward), no proxy (it would connect for us,
                // past the address check), and every connection opened through the check.
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = (context, ct) => WebhookConnections.ConnectAsync(context, options.CurrentValue.AllowPrivateTargets, ct),
                };
            });
        return services;
    }
}
