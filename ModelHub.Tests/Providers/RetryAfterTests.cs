using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Providers;

public sealed class RetryAfterTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    [Fact]
    public async Task A_429_is_retried_only_after_the_providers_Retry_After()
    {
        // The server's first answer is slow (JIT) on a busy machine; it must not count against the fake attempt timeout.
        using (var warmUp = host.CreateHttpClient())
        {
            (await warmUp.GetAsync("models")).EnsureSuccessStatusCode();
        }

        var clock = new FakeTimeProvider();
        var limiter = new RateLimitFirstRequest(retryAfterSeconds: 30);
        await using var services = host.CreateProviderServices(configure: s =>
        {
            s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            s.AddHttpClient(ProviderClients.HttpClientName).AddHttpMessageHandler(() => limiter);
        });
        var provider = services.GetRequiredService<IFineTuningProvider>();

        var call = provider.ListModelsAsync();
        var waited = TimeSpan.Zero;
        while (!call.IsCompleted && waited < TimeSpan.FromMinutes(2))
        {
            // Fake time only moves when we move it, so how far it had to move is how long the retry waited.
            await Task.Delay(10);
            clock.Advance(TimeSpan.FromSeconds(1));
            waited += TimeSpan.FromSeconds(1);
        }

        Assert.NotEmpty(await call);
        Assert.Equal(2, limiter.Calls);
        Assert.InRange(waited, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(45));
    }

    /// <summary>Answers the first request with OpenAI's 429 and a Retry-After; lets the rest through.</summary>
    private sealed class RateLimitFirstRequest(int retryAfterSeconds) : DelegatingHandler
    {
        private int calls;

        public int Calls => calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return base.SendAsync(request, cancellationToken);
            }

            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                RequestMessage = request,
                Content = new StringContent("""{"error":{"message":"Slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.RetryAfter = new(TimeSpan.FromSeconds(retryAfterSeconds));
            return Task.FromResult(response);
        }
    }
}
