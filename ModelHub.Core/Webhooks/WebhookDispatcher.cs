using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;

namespace ModelHub.Core.Webhooks;

/// <summary>
/// One dispatch pass: turns new outbox events into one delivery per subscribed endpoint, then attempts every due
/// delivery once, scheduling the next attempt with backoff or giving up when its time is over. Whatever decides when
/// passes run (the <see cref="WebhookDispatchLoop"/>, a lease across instances) calls <see cref="DispatchAsync"/>.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    IHttpClientFactory http,
    IWebhookSecretProtector secrets,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger)
{
    /// <summary>The named client deliveries use (no redirects, no proxy, checked addresses only).</summary>
    public const string HttpClientName = "ModelHub.Webhooks";

    private const int FanOutBatch = 200;

    // Large enough that a burst of changes is sent in a few passes (each pass costs one write), small enough that a
    // pass stays short when receivers are slow.
    private const int DueBatch = 200;

    private readonly SemaphoreSlim passing = new(1, 1);

    private WebhookOptions Settings => options.CurrentValue;

    /// <summary>Runs one pass; returns when the next delivery falls due (now or earlier when more are waiting), or null when none waits.</summary>
    public async Task<DateTimeOffset?> DispatchAsync(CancellationToken ct)
    {
        await passing.WaitAsync(ct);
        try
        {
            await FanOutAsync(ct);
            var due = await DueAsync(ct);
            var outcomes = new System.Collections.Concurrent.ConcurrentBag<Attempt>();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.Concurrency), CancellationToken = ct },
                async (item, token) => outcomes.Add(await AttemptAsync(item.Delivery, item.Endpoint, token)));
            // One write for the whole pass: the database's single writer is shared with every change in the app.
            await RecordAsync(outcomes, ct);
            return await NextDueAsync(ct);
        }
        finally
        {
            passing.Release();
        }
    }

    private async Task FanOutAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = await db.WebhookEvents.Where(e => e.FannedOutAt == null).OrderBy(e => e.OccurredAt).Take(FanOutBatch).ToListAsync(ct);
        if (events.Count == 0)
        {
            return;
        }

        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var e in events)
        {
            foreach (var endpoint in endpoints.Where(x => x.Wants(e.Type)))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    Id = Guid.CreateVersion7(now),
                    EndpointId = endpoint.Id,
                    EventId = e.Id,
                    Status = WebhookDeliveryStatus.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                    GiveUpAt = e.OccurredAt + Settings.RetryFor,
                });
            }

            e.FannedOutAt = now;
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task<List<(WebhookDelivery Delivery, WebhookEndpoint Endpoint)>> DueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var rows = await (
            from d in db.WebhookDeliveries.AsNoTracking().Include(d => d.Event)
            join e in db.WebhookEndpoints.AsNoTracking() on d.EndpointId equals e.Id
            where d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && e.Enabled
            orderby d.NextAttemptAt
            select new { d, e }).Take(DueBatch).ToListAsync(ct);
        return [.. rows.Select(r => (r.d, r.e))];
    }

    private async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.WebhookEvents.AnyAsync(e => e.FannedOutAt == null, ct))
        {
            return time.GetUtcNow();
        }

        var next = await (
            from d in db.WebhookDeliveries
            join e in db.WebhookEndpoints on d.EndpointId equals e.Id
            where d.Status == WebhookDeliveryStatus.Pending && e.Enabled
            orderby d.NextAttemptAt
            select (DateTimeOffset?)d.NextAttemptAt).FirstOrDefaultAsync(ct);
        return next;
    }

    private sealed record Attempt(Guid Id, DateTimeOffset At, int? Code, int DurationMs, string? Error);

    private async Task<Attempt> AttemptAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, CancellationToken ct)
    {
        var attemptedAt = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        int? code = null;
        string? error;
        try
        {
            code = await SendAsync(delivery, endpoint, attemptedAt, ct);
            error = code is >= 200 and < 300 ? null : $"The receiver answered {code}.";
        }
        catch (CryptographicException)
        {
            error = "The signing secret cannot be read (the key ring changed); set a new secret.";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? $"No answer within {Settings.Timeout.TotalSeconds:0.#} s." : Shorten(e.Message);
        }

        clock.Stop();
        return new Attempt(delivery.Id, attemptedAt, code, (int)Math.Min(int.MaxValue, clock.ElapsedMilliseconds), error);
    }

    private async Task<int> SendAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, DateTimeOffset at, CancellationToken ct)
    {
        var secret = secrets.Unprotect(endpoint.ProtectedSecret);
        var body = WebhookBody.For(delivery.Event!, endpoint.Format);
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-ModelHub-Event", delivery.Event!.Type);
        request.Headers.Add("X-ModelHub-Delivery", delivery.Id.ToString());
        request.Headers.Add("X-ModelHub-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-ModelHub-Signature", WebhookSignature.Sign(secret, timestamp, body));
        var client = http.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        return (int)response.StatusCode;
    }

    private async Task RecordAsync(IReadOnlyCollection<Attempt> attempts, CancellationToken ct)
    {
        if (attempts.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = attempts.Select(a => a.Id).ToList();
        // Deliveries whose endpoint was deleted while the attempt ran are gone, and simply not found here.
        var deliveries = await db.WebhookDeliveries.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        foreach (var attempt in attempts)
        {
            if (deliveries.TryGetValue(attempt.Id, out var delivery))
            {
                Apply(delivery, attempt);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private void Apply(WebhookDelivery delivery, Attempt attempt)
    {
        delivery.Attempts++;
        delivery.LastAttemptAt = attempt.At;
        delivery.ResponseCode = attempt.Code;
        delivery.DurationMs = attempt.DurationMs;
        delivery.LastError = attempt.Error;
        if (attempt.Error is null)
        {
            delivery.Status = WebhookDeliveryStatus.Succeeded;
            return;
        }

        var next = time.GetUtcNow() + WebhookBackoff.After(delivery.Attempts, Settings, Random.Shared.NextDouble());
        delivery.Status = next > delivery.GiveUpAt ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
        delivery.NextAttemptAt = next;
        logger.LogWarning("Webhook delivery {DeliveryId} to endpoint {EndpointId} failed (attempt {Attempt}): {Error}; {Outcome}.",
            delivery.Id, delivery.EndpointId, delivery.Attempts, attempt.Error, delivery.Status == WebhookDeliveryStatus.Failed ? "giving up" : $"next attempt at {next:O}");
    }

    private static string Shorten(string message) => message.Length > 300 ? message[..300] + "…" : message;
}
