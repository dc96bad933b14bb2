using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;

using ModelHub.Tests.Providers.Components;

namespace ModelHub.Tests.Providers.Integration;

public sealed class RetryAfterTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    [Fact]
    public async Task A_429_is_retried_only_after_the_providers_Retry_After()
    {
        var clock = new TimerWatchingClock(new FakeTimeProvider());
        var limiter = new RateLimitFirstRequest(retryAfterSeconds: 30);
        await using var services = host.CreateProviderServices(configure: s =>
        {
            s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            s.AddHttpClient(ProviderClients.HttpClientName).AddHttpMessageHandler(() => limiter);
        });
        var provider = services.GetRequiredService<IFineTuningProvider>();

        // Watched before the call: up to the retry's wait, the call may run synchronously (the 429 comes from a local handler).
        var retryWaits = clock.TimerAtLeast(TimeSpan.FromSeconds(10));
        var call = provider.ListModelsAsync();
        // Fake time moves only once the retry is waiting, and only by what the test says: however slow the machine is,
        // no attempt timeout can fire and no wait is counted that the retry did not ask for. (The real-time bound only stops a hang.)
        var wait = await retryWaits.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromSeconds(30), wait);

        clock.Fake.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, limiter.Calls);
        Assert.False(call.IsCompleted);

        clock.Fake.Advance(TimeSpan.FromSeconds(1));
        Assert.NotEmpty(await call.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(2, limiter.Calls);
    }

    /// <summary>A fake clock that tells the test when someone starts waiting on it (a timer due within the attempt timeout).</summary>
    private sealed class TimerWatchingClock(FakeTimeProvider fake) : TimeProvider
    {
        private readonly List<(TimeSpan Least, TaskCompletionSource<TimeSpan> Seen)> watches = [];
        private readonly Lock gate = new();

        public FakeTimeProvider Fake => fake;

        public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override long GetTimestamp() => fake.GetTimestamp();

        /// <summary>Completes with the due time of the first timer created from now on that is due in at least <paramref name="least"/> but before the attempt timeout.</summary>
        public Task<TimeSpan> TimerAtLeast(TimeSpan least)
        {
            var seen = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                watches.Add((least, seen));
            }

            return seen.Task;
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = fake.CreateTimer(callback, state, dueTime, period);
            lock (gate)
            {
                // The attempt (60 s) and total (5 min) timeouts are timers too; the retry's wait is shorter than both.
                foreach (var watch in watches.Where(w => dueTime >= w.Least && dueTime < TimeSpan.FromSeconds(60)))
                {
                    watch.Seen.TrySetResult(dueTime);
                }
            }

            return timer;
        }
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
