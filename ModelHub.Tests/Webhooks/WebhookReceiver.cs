using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Webhooks;

namespace ModelHub.Tests.Webhooks;

/// <summary>A receiver on a free loopback port that records every post, checks its signature and answers from a script.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> script = new();
    private readonly List<Received> received = [];
    private readonly SemaphoreSlim arrived = new(0);

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>The URL to register, e.g. <c>http://127.0.0.1:41234/hook</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The secret the receiver verifies signatures with.</summary>
    public string Secret { get; init; } = "receiver-secret-0123456789";

    /// <summary>Every post so far, in arrival order.</summary>
    public IReadOnlyList<Received> Posts
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync(string? secret = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { Secret = secret ?? "receiver-secret-0123456789" };
        app.MapPost("/hook", receiver.ReceiveAsync);
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        receiver.Url = app.Urls.First() + "/hook";
        return receiver;
    }

    /// <summary>Answers the next posts with these status codes, in order; 200 once they are used up.</summary>
    public void AnswerNext(params int[] codes)
    {
        foreach (var code in codes)
        {
            script.Enqueue(code);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> posts arrived; fails the test after a generous minute.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (Posts.Count < count)
        {
            try
            {
                await arrived.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Expected {count} webhook posts, got {Posts.Count}.");
            }
        }

        return Posts;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var timestamp = long.Parse(request.Headers["X-ModelHub-Timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var signature = request.Headers["X-ModelHub-Signature"].ToString();
        var code = script.TryDequeue(out var scripted) ? scripted : 200;
        lock (received)
        {
            received.Add(new Received(
                request.Headers["X-ModelHub-Event"].ToString(),
                request.Headers["X-ModelHub-Delivery"].ToString(),
                timestamp,
                signature,
                body,
                WebhookSignature.Verify(Secret, timestamp, body, signature),
                code));
        }

        arrived.Release();
        return Results.StatusCode(code);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    /// <summary>One post as it arrived, and what the receiver answered.</summary>
    public sealed record Received(string Event, string Delivery, long Timestamp, string Signature, byte[] Body, bool SignatureValid, int Answered)
    {
        public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;
    }
}
