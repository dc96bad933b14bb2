using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Simulator.Unit;

namespace ModelHub.Tests.Simulator.Integration;

/// <summary>Malformed, mistyped, deeply nested and oversized bodies: always a 4xx in OpenAI's error shape, never a 500 or a page.</summary>
public sealed class SimulatorMalformedInputTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    private const string Chat = "chat/completions";
    private const string Jobs = "fine_tuning/jobs";

    public static TheoryData<string, string, string?> MalformedChats => new()
    {
        { """{"model":"gpt-4o-mini","messages":["hi"]}""", "invalid_type", "messages[0]" },
        { """{"model":"gpt-4o-mini","messages":[null]}""", "invalid_type", "messages[0]" },
        { """{"model":"gpt-4o-mini","messages":[42]}""", "invalid_type", "messages[0]" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":["hi"]}]}""", "invalid_type", "messages[0].content[0]" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":7}]}]}""", "invalid_type", "messages[0].content[0].text" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":{"a":1}}]}]}""", "invalid_type", "messages[0].content[0].text" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text"}]}]}""", "missing_required_parameter", "messages[0].content[0].text" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":5,"text":"hi"}]}]}""", "invalid_type", "messages[0].content[0].type" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":12}]}""", "invalid_type", "messages[0].content" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"ok"},{"role":["user"],"content":"hi"}]}""", "invalid_type", "messages[1].role" },
        { """{"model":"gpt-4o-mini","messages":[{"content":"hi"}]}""", "missing_required_parameter", "messages[0].role" },
        { """{"model":"gpt-4o-mini","messages":"hi"}""", "invalid_type", "messages" },
        { """{"model":"gpt-4o-mini"}""", "missing_required_parameter", "messages" },
        { """{"model":42,"messages":[]}""", "invalid_type", "model" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "invalid_type", "stream" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":1}""", "invalid_type", "stream_options" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":"y"}}""", "invalid_type", "stream_options.include_usage" },
        { """["model"]""", "invalid_json", null },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi""", "invalid_json", null },
        { "", "invalid_json", null },
        { "\"just a string\"", "invalid_json", null },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"\udc00"}]}""", "invalid_value", "messages[0].content" },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":[{"type":"text","text":"\ud800"}]}]}""", "invalid_value", "messages[0].content[0].text" },
        { """{"model":"gpt-4o-\udc00","messages":[]}""", "invalid_value", "model" },
        { new string('[', 5000) + new string(']', 5000), "invalid_json", null },
        { """{"model":"gpt-4o-mini","messages":[{"role":"user","content":""" + new string('[', 3000) + new string(']', 3000) + "}]}", "invalid_json", null },
    };

    public static TheoryData<string, string, string?> MalformedJobs => new()
    {
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":5}""", "invalid_type", "training_file" },
        { """{"model":["gpt-4o-mini-2024-07-18"],"training_file":"file-x"}""", "invalid_type", "model" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","validation_file":{}}""", "invalid_type", "validation_file" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","suffix":7}""", "invalid_type", "suffix" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","seed":1e300}""", "invalid_type", "seed" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","seed":"7"}""", "invalid_type", "seed" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","hyperparameters":5}""", "invalid_type", "hyperparameters" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","hyperparameters":{"n_epochs":"many"}}""", "invalid_type", "hyperparameters.n_epochs" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","hyperparameters":{"n_epochs":2.5}}""", "invalid_type", "hyperparameters.n_epochs" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","hyperparameters":{"batch_size":99999999999999999999}}""", "invalid_type", "hyperparameters.batch_size" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","hyperparameters":{"learning_rate_multiplier":"fast"}}""", "invalid_type", "hyperparameters.learning_rate_multiplier" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","method":"supervised"}""", "invalid_type", "method" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","method":{"type":1}}""", "invalid_type", "method.type" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","method":{"type":"supervised","supervised":[]}}""", "invalid_type", "method.supervised" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","method":{"type":"supervised","supervised":{"hyperparameters":{"n_epochs":[3]}}}}""", "invalid_type", "method.supervised.hyperparameters.n_epochs" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","metadata":[]}""", "invalid_type", "metadata" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","metadata":{"k":5}}""", "invalid_type", "metadata.k" },
        { "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\"file-x\",\"metadata\":{\"k\":\"" + new string('v', 513) + "\"}}", "invalid_metadata", "metadata.k" },
        { "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\"file-x\",\"metadata\":{" + string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"k{i}\":\"v\"")) + "}}", "invalid_metadata", "metadata" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","metadata":{"\udc00":"v"}}""", "invalid_metadata", "metadata" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-x","metadata":{"k":"\udc00"}}""", "invalid_value", "metadata.k" },
        { """{"model":"gpt-4o-mini-2024-07-18","training_file":"file-\ud800"}""", "invalid_value", "training_file" },
        { "{\"model\":", "invalid_json", null },
        { "[1,2,3]", "invalid_json", null },
    };

    [Theory]
    [MemberData(nameof(MalformedChats))]
    public async Task Malformed_chat_bodies_get_400_in_OpenAI_shape(string body, string code, string? param) =>
        await AssertRejectedAsync(Chat, body, code, param);

    [Theory]
    [MemberData(nameof(MalformedJobs))]
    public async Task Malformed_job_bodies_get_400_in_OpenAI_shape(string body, string code, string? param) =>
        await AssertRejectedAsync(Jobs, body, code, param);

    [Theory]
    [InlineData("fine_tuning/jobs?limit=abc")]
    [InlineData("fine_tuning/jobs?limit=99999999999999999999999")]
    [InlineData("fine_tuning/jobs/ftjob-x/events?limit=1.5")]
    [InlineData("fine_tuning/jobs/ftjob-x/checkpoints?limit=ten")]
    public async Task A_limit_that_is_not_an_integer_gets_400_in_OpenAI_shape(string path)
    {
        using var client = host.CreateHttpClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await SimulatorAccessTests.OpenAIErrorAsync(response);
        Assert.Equal("limit", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_well_formed_chat_with_text_parts_and_a_null_assistant_content_is_answered()
    {
        using var client = host.CreateHttpClient();
        const string body = """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Classify."},{"role":"assistant","content":null},{"role":"user","content":[{"type":"text","text":"Broke in a day."},{"type":"image_url","image_url":{"url":"x"}}]}],"stream":false,"stream_options":null}""";

        using var response = await client.PostAsync(Chat, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_multipart_upload_cut_short_gets_400_in_OpenAI_shape()
    {
        using var client = host.CreateHttpClient();
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(
            "--cut\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n{\"messages\":"));
        body.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=cut");

        using var response = await client.PostAsync("files", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await SimulatorAccessTests.OpenAIErrorAsync(response);
    }

    [Fact]
    public async Task A_JSON_body_over_a_megabyte_gets_413_in_OpenAI_shape()
    {
        using var client = host.CreateHttpClient();
        var body = $$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{new string('a', (1 << 20) + 1)}}"}]}""";

        using var response = await client.PostAsync(Chat, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await SimulatorAccessTests.OpenAIErrorAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_chunked_JSON_body_over_a_megabyte_gets_413_in_OpenAI_shape()
    {
        using var client = host.CreateHttpClient();
        var body = Encoding.UTF8.GetBytes($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{new string('a', 2 << 20)}}"}]}""");
        var chunked = new StreamContent(new UnseekableStream(body));
        chunked.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync(Jobs, chunked);

        Assert.Null(response.RequestMessage?.Content?.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await SimulatorAccessTests.OpenAIErrorAsync(response);
    }

    [Fact]
    public async Task An_upload_over_MaxUploadBytes_gets_413_in_OpenAI_shape_and_nothing_is_stored()
    {
        await using var app = new ModelHubFactory(settings: new Dictionary<string, string?> { ["ModelHub:MaxUploadBytes"] = "1024" });
        var engineer = await app.CreateUserAsync("engineer@example.com", "engineer-password-2026", Roles.Engineer);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.IssueTokenAsync(engineer.Id));
        var content = SampleDatasets.CleanTrain();
        Assert.True(Encoding.UTF8.GetByteCount(content) > 1024);

        using var large = await client.PostAsync("/simulator/v1/files", Upload(content));
        using var huge = await client.PostAsync("/simulator/v1/files", Upload(new string('x', 200 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("request_too_large", (await SimulatorAccessTests.OpenAIErrorAsync(huge)).GetProperty("code").GetString());
        await SimulatorAccessTests.OpenAIErrorAsync(large);
        Assert.Empty(app.Services.GetRequiredService<Core.Simulator.SimulatorEngine>().ListFiles(null));
    }

    private static MultipartFormDataContent Upload(string content) => new()
    {
        { new StringContent("fine-tune"), "purpose" },
        { new StringContent(content), "file", "train.jsonl" },
    };

    private async Task AssertRejectedAsync(string path, string body, string code, string? param)
    {
        using var client = host.CreateHttpClient();

        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await SimulatorAccessTests.OpenAIErrorAsync(response);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked with no Content-Length.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
