using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ModelHub.Tests.Support;

/// <summary>
/// A provider stand-in on a real loopback port: <c>POST /v1/chat/completions</c> answers "Answer from &lt;model&gt;."
/// (plain, or streamed word by word with the usage chunk only when asked), with fixed usage (11 in, 7 out). It keeps
/// the last request's body and key so tests can see what the gateway sent, and can be told to fail.
/// </summary>
public sealed class UpstreamStub : IAsyncDisposable
{
    public const int PromptTokens = 11;
    public const int CompletionTokens = 7;
    public const string Key = "sk-holysheep-test-key-0123456789";

    private WebApplication? app;

    /// <summary>The base URL to configure as <c>HolySheep:BaseUrl</c>, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The last request body, as received.</summary>
    public string? LastBody { get; private set; }

    /// <summary>The last Authorization header.</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>When set, every call answers this status (429 with <c>Retry-After: 7</c>) instead of a completion.</summary>
    public int? FailWith { get; set; }

    public int Calls => calls;

    private int calls;

    public static async Task<UpstreamStub> StartAsync()
    {
        var stub = new UpstreamStub();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        stub.app = builder.Build();
        stub.app.Urls.Add("http://127.0.0.1:0");
        stub.app.MapPost("/v1/chat/completions", stub.CompleteAsync);
        await stub.app.StartAsync();
        stub.BaseUrl = new Uri(stub.app.Urls.First().TrimEnd('/') + "/v1");
        return stub;
    }

    /// <summary>The content the stub answers for <paramref name="providerModelId"/>.</summary>
    public static string AnswerFor(string providerModelId) => $"Answer from {providerModelId}.";

    private async Task CompleteAsync(HttpContext http)
    {
        Interlocked.Increment(ref calls);
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        LastBody = body;
        LastAuthorization = http.Request.Headers.Authorization.ToString();
        if (FailWith is { } status)
        {
            http.Response.StatusCode = status;
            if (status == 429)
            {
                http.Response.Headers.RetryAfter = "7";
            }

            await http.Response.WriteAsJsonAsync(new { error = new { message = "Rate limit reached (stub).", type = "requests", param = (string?)null, code = "rate_limit_exceeded" } });
            return;
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var model = root.GetProperty("model").GetString()!;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var o) && o.TryGetProperty("include_usage", out var u) && u.ValueKind == JsonValueKind.True;
        var content = AnswerFor(model);
        var usage = new { prompt_tokens = PromptTokens, completion_tokens = CompletionTokens, total_tokens = PromptTokens + CompletionTokens };
        if (!stream)
        {
            await http.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-stub",
                @object = "chat.completion",
                created = 1_700_000_000,
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage,
            });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        foreach (var piece in content.Split(' ').Select((word, i) => i == 0 ? word : " " + word))
        {
            await Send(http, new { id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = new[] { new { index = 0, delta = new { content = piece }, finish_reason = (string?)null } } });
        }

        await Send(http, new { id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = new[] { new { index = 0, delta = new { content = (string?)null }, finish_reason = (string?)"stop" } } });
        if (includeUsage)
        {
            await Send(http, new { id = "chatcmpl-stub", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = Array.Empty<object>(), usage });
        }

        await http.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task Send(HttpContext http, object chunk)
    {
        await http.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n");
        await http.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
