using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Webhooks;

/// <summary>An Admin calling <c>/api/webhooks</c> (and the registry, to cause events) with a bearer token.</summary>
public sealed class WebhookApi(HttpClient http, string userId)
{
    public HttpClient Http { get; } = http;

    public string UserId { get; } = userId;

    public static async Task<WebhookApi> AdminAsync(ModelHubFactory app, string email = "admin@example.com") =>
        await SignInAsync(app, email, Roles.Admin);

    public static async Task<WebhookApi> SignInAsync(ModelHubFactory app, string email, params string[] roles)
    {
        var user = await app.CreateUserAsync(email, "admin-password-2026-x", roles);
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(user.Id));
        return new WebhookApi(http, user.Id);
    }

    /// <summary>Registers <paramref name="receiver"/> for <paramref name="events"/>; returns the new id.</summary>
    public async Task<int> RegisterAsync(WebhookReceiver receiver, string[] events, string format = "event")
    {
        using var response = await Http.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, secret = receiver.Secret, events, enabled = true, format });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return (int)JsonNode.Parse(text)!["id"]!;
    }

    /// <summary>Points the alias <paramref name="alias"/> of <paramref name="model"/> at <paramref name="version"/>: an audited change that is an <c>alias.set</c> event.</summary>
    public async Task SetAliasAsync(string model, string alias, int version)
    {
        using var response = await Http.PutAsJsonAsync($"/api/models/{model}/aliases/{alias}", new { version });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonArray> DeliveriesAsync(int webhookId) =>
        (JsonArray)JsonNode.Parse(await Http.GetStringAsync($"/api/webhooks/{webhookId}/deliveries"))!;

    /// <summary>Waits until the endpoint's only delivery satisfies <paramref name="done"/>; returns it.</summary>
    public async Task<JsonNode> WaitForDeliveryAsync(int webhookId, Func<JsonNode, bool> done)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var log = await DeliveriesAsync(webhookId);
            if (log.Count == 1 && done(log[0]!))
            {
                return log[0]!;
            }

            if (limit.IsCancellationRequested)
            {
                Assert.Fail($"The delivery never reached the expected state: {log.ToJsonString()}");
            }

            await Task.Delay(20);
        }
    }
}
