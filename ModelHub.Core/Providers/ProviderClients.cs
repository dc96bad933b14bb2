using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Files;
using OpenAI.FineTuning;
using OpenAI.Models;

namespace ModelHub.Core.Providers;

/// <summary>The SDK clients for one endpoint, sharing one pipeline over the factory's resilient HttpClient.</summary>
internal sealed record ProviderClientSet(
    IProviderEndpoint Endpoint,
    OpenAIClient Client,
    OpenAIFileClient Files,
    FineTuningClient FineTuning,
    OpenAIModelClient Models,
    DateTimeOffset CreatedAt)
{
    public ChatClient Chat(string model) => Client.GetChatClient(model);
}

/// <summary>
/// Builds the SDK clients once and reuses them; rebuilds when the endpoint changes (the simulator's address is known
/// only after the server starts) or after a while, so the HttpClient picks up rotated handlers and DNS changes.
/// </summary>
internal sealed class ProviderClients(IProviderEndpoint endpoint, IHttpClientFactory httpClientFactory, TimeProvider time)
{
    public const string HttpClientName = "ModelHub.Provider";

    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(15);

    private readonly Lock gate = new();
    private ProviderClientSet? current;

    public IProviderEndpoint Endpoint => endpoint;

    public ProviderClientSet Get()
    {
        var baseUrl = endpoint.BaseUrl;
        var apiKey = endpoint.ApiKey;
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (current is { } set && set.Endpoint.BaseUrl == baseUrl && set.Endpoint.ApiKey == apiKey && now - set.CreatedAt < MaxAge)
            {
                return set;
            }

            var options = new OpenAIClientOptions
            {
                Endpoint = baseUrl,
                Transport = new HttpClientPipelineTransport(httpClientFactory.CreateClient(HttpClientName)),

                // The HttpClient's resilience handler retries; a second layer here would multiply attempts.
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),

                // Timeouts belong to the resilience handler too (per attempt and in total).
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            };
            var client = new OpenAIClient(new ApiKeyCredential(apiKey), options);
            current = new ProviderClientSet(
                new FixedProviderEndpoint(baseUrl, apiKey, endpoint.IsSimulator),
                client,
                client.GetOpenAIFileClient(),
                client.GetFineTuningClient(),
                client.GetOpenAIModelClient(),
                now);
            return current;
        }
    }
}
