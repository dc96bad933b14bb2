using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ModelHub.GatewayBench;

/// <summary>
/// The provider stand-in: <c>POST /v1/chat/completions</c> answers one fixed completion from pre-built bytes, so what a
/// run measures is the path in front of it. A body with <c>"stream":true</c> gets server-sent events, one flush per event,
/// with the usage chunk when the body asks for <c>include_usage</c> (as OpenAI and HolySheep do).
/// </summary>
internal static class UpstreamStubServer
{
    private const string Model = "ft:gpt-4o-mini-2024-07-18:bench:bench-model:v1";
    private const string Usage = "{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}";

    private static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + Model + "\"," +
        "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the benchmark stub, seven tokens.\"},\"finish_reason\":\"stop\"}]," +
        "\"usage\":" + Usage + "}");

    private static readonly byte[][] Events =
    [
        .. new[] { "Hello", " from", " the", " benchmark", " stub,", " seven", " tokens." }.Select(piece => Event(
            "{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}")),
        Event("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"),
    ];

    private static readonly byte[] UsageEvent = Encoding.UTF8.GetBytes(
        "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + Model + "\",\"choices\":[],\"usage\":" + Usage + "}\n\n");

    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", AnswerAsync);
        await app.RunAsync();
    }

    private static async Task AnswerAsync(HttpContext http)
    {
        var (stream, includeUsage) = await ReadFlagsAsync(http.Request.BodyReader);
        if (!stream)
        {
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = Completion.Length;
            await http.Response.Body.WriteAsync(Completion);
            return;
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        foreach (var e in Events)
        {
            await http.Response.Body.WriteAsync(e);
            await http.Response.Body.FlushAsync();
        }

        if (includeUsage)
        {
            await http.Response.Body.WriteAsync(UsageEvent);
        }

        await http.Response.Body.WriteAsync(Done);
    }

    // The whole body is read (a provider reads it too); the flags are found in its compact JSON, as every client here writes it.
    private static async Task<(bool Stream, bool IncludeUsage)> ReadFlagsAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return (body.AsSpan().IndexOf("\"stream\":true"u8) >= 0, body.AsSpan().IndexOf("\"include_usage\":true"u8) >= 0);
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static byte[] Event(string choice) => Encoding.UTF8.GetBytes(
        "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + Model + "\",\"choices\":[" + choice + "]}\n\n");
}
