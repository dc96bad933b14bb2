using System.Text.Json;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary>Writes a chat answer as OpenAI's <c>chat.completion.chunk</c> server-sent events, ending with <c>[DONE]</c>.</summary>
internal static class SimulatorChatStream
{
    public static object Usage(SimChatAnswer answer) => new
    {
        prompt_tokens = answer.PromptTokens,
        completion_tokens = answer.CompletionTokens,
        total_tokens = answer.PromptTokens + answer.CompletionTokens,
    };

    public static async Task WriteAsync(HttpResponse response, SimChatAnswer answer, bool includeUsage, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";

        await Chunk(response, answer, new { role = "assistant", content = "" }, null, cancellationToken);
        foreach (var piece in Pieces(answer.Content))
        {
            await Chunk(response, answer, new { content = piece }, null, cancellationToken);
        }

        await Chunk(response, answer, new { }, "stop", cancellationToken);
        if (includeUsage)
        {
            await Send(response, new
            {
                id = answer.Id,
                @object = "chat.completion.chunk",
                created = SimulatorWire.Unix(answer.CreatedAt),
                model = answer.Model,
                choices = Array.Empty<object>(),
                usage = Usage(answer),
            }, cancellationToken);
        }

        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static Task Chunk(HttpResponse response, SimChatAnswer answer, object delta, string? finishReason, CancellationToken cancellationToken) =>
        Send(response, new
        {
            id = answer.Id,
            @object = "chat.completion.chunk",
            created = SimulatorWire.Unix(answer.CreatedAt),
            model = answer.Model,
            choices = new[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finishReason } },
        }, cancellationToken);

    private static async Task Send(HttpResponse response, object chunk, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: " + JsonSerializer.Serialize(chunk, SimulatorWire.Json) + "\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Word-sized pieces (keeping their spaces), as a model streams tokens.</summary>
    private static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ' ')
            {
                yield return text[start..i];
                start = i;
            }
        }
    }
}
