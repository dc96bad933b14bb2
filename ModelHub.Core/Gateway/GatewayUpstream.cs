using System.Net.Http.Headers;
using ModelHub.Core.Providers;

namespace ModelHub.Core.Gateway;

/// <summary>
/// The provider's <c>/chat/completions</c> as the gateway calls it: with ModelHub's own provider key, over one pooled
/// connection handler, with no retries (a retried completion is paid twice, and a 429 belongs to the caller).
/// </summary>
public sealed class GatewayUpstream(IProviderEndpoint endpoint) : IDisposable
{
    private readonly HttpMessageInvoker client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        // New connections now and then, so DNS changes of the provider are picked up.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>Sends a chat completion body (already naming the provider model); returns once the headers arrived.</summary>
    public Task<HttpResponseMessage> SendChatAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var baseUrl = endpoint.BaseUrl.ToString().TrimEnd('/');
        var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/chat/completions")
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.ApiKey);
        return client.SendAsync(request, ct);
    }

    public void Dispose() => client.Dispose();
}
