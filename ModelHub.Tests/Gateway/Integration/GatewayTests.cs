using System.Net;
using System.Text.Json;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

public sealed class GatewayTests : IAsyncLifetime
{
    private GatewayFixture gateway = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync();
        await gateway.SeedTwoVersionsAsync();
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task A_bare_name_calls_the_production_version_with_the_provider_key_and_a_promotion_changes_the_next_call()
    {
        var client = gateway.Client(gateway.ApplicationToken);

        var first = await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(UpstreamStub.AnswerFor(await gateway.ProviderModelIdAsync(1)), Content(await first.Content.ReadAsStringAsync()));
        Assert.Equal("1", first.Headers.GetValues("X-ModelHub-Version").Single());
        Assert.Equal("Bearer " + UpstreamStub.Key, gateway.Stub.LastAuthorization);
        Assert.DoesNotContain(gateway.ApplicationToken, gateway.Stub.LastBody);

        await RegistrySeeder.SetStageAsync(gateway.App.Services, GatewayFixture.Model, 2, ModelStage.Production, gateway.EngineerId);

        var second = await GatewayFixture.ChatAsync(client, GatewayFixture.Model + "@production");
        Assert.Equal(UpstreamStub.AnswerFor(await gateway.ProviderModelIdAsync(2)), Content(await second.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("@staging", 2)]
    [InlineData("@latest", 2)]
    [InlineData("@1", 1)]
    [InlineData("@2", 2)]
    public async Task Alias_and_version_suffixes_reach_their_version(string suffix, int version)
    {
        var response = await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), GatewayFixture.Model + suffix);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UpstreamStub.AnswerFor(await gateway.ProviderModelIdAsync(version)), Content(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_stream_is_relayed_event_by_event_without_the_usage_chunk_the_caller_did_not_ask_for()
    {
        var response = await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), GatewayFixture.Model, stream: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events, e => e.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Equal(UpstreamStub.AnswerFor(await gateway.ProviderModelIdAsync(1)), StreamedContent(events));
        // ModelHub asked the provider for usage all the same, to meter the tokens.
        using var sent = JsonDocument.Parse(gateway.Stub.LastBody!);
        Assert.True(sent.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());

        var usage = Assert.Single(await gateway.FlushedUsageAsync());
        Assert.Equal((UpstreamStub.PromptTokens, UpstreamStub.CompletionTokens), (usage.InputTokens, usage.OutputTokens));
    }

    [Fact]
    public async Task A_caller_that_asks_for_usage_in_a_stream_gets_the_usage_chunk()
    {
        var response = await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), GatewayFixture.Model, stream: true, includeUsage: true);
        var events = Events(await response.Content.ReadAsStringAsync());
        var usage = Assert.Single(events, e => e.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Contains($"\"prompt_tokens\":{UpstreamStub.PromptTokens}", usage);
    }

    [Theory]
    [InlineData("no-such-model", "model_not_found")]
    [InlineData("support-bot@no-such-alias", "model_not_found")]
    [InlineData("support-bot@9", "model_not_found")]
    [InlineData("Not A Name!", "model_not_found")]
    public async Task Unknown_models_aliases_and_versions_are_404_OpenAI_errors(string model, string code)
    {
        var response = await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), model);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await GatewayFixture.ErrorAsync(response);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal(0, gateway.Stub.Calls);
    }

    [Fact]
    public async Task A_model_without_a_production_version_is_a_404_naming_the_model()
    {
        await RegistrySeeder.AddVersionAsync(gateway.App.Services, "draft-model", gateway.EngineerId);
        var response = await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), "draft-model");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Model 'draft-model' has no production version.", (await GatewayFixture.ErrorAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_provider_429_is_passed_through_with_Retry_After()
    {
        gateway.Stub.FailWith = 429;
        var response = await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("rate_limit_exceeded", (await GatewayFixture.ErrorAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_provider_failure_is_a_502_OpenAI_error()
    {
        gateway.Stub.FailWith = 500;
        var response = await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("provider_error", (await GatewayFixture.ErrorAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_provider_that_is_down_is_a_502_OpenAI_error_that_does_not_show_the_key()
    {
        await gateway.Stub.DisposeAsync();
        var response = await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("provider_unavailable", body);
        Assert.DoesNotContain(UpstreamStub.Key, body);
        Assert.DoesNotContain(gateway.App.Logs.Lines, line => line.Contains(UpstreamStub.Key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{not json", 400, "invalid_json")]
    [InlineData("[1,2]", 400, "invalid_json")]
    [InlineData("{\"messages\":[]}", 400, "missing_required_parameter")]
    [InlineData("{\"model\":42}", 400, "invalid_type")]
    [InlineData("{\"model\":\"support-bot\",\"stream\":\"yes\"}", 400, "invalid_type")]
    [InlineData("{\"model\":\"support-bot\",\"stream\":true,\"stream_options\":7}", 400, "invalid_type")]
    public async Task Malformed_requests_are_400_OpenAI_errors(string body, int status, string code)
    {
        var response = await gateway.Client(gateway.ApplicationToken).PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await GatewayFixture.ErrorAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        var huge = "{\"model\":\"support-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 5 << 20) + "\"}]}";
        var response = await gateway.Client(gateway.ApplicationToken).PostAsync("/v1/chat/completions", new StringContent(huge, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Models_lists_the_names_that_answer()
    {
        var body = await gateway.Client(gateway.ApplicationToken).GetStringAsync("/v1/models");
        using var document = JsonDocument.Parse(body);
        var ids = document.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["support-bot", "support-bot@staging", "support-bot@latest"], ids);
    }

    [Fact]
    public async Task Unknown_gateway_urls_are_404_OpenAI_errors()
    {
        var response = await gateway.Client(gateway.ApplicationToken).GetAsync("/v1/embeddings");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_url", (await GatewayFixture.ErrorAsync(response)).GetProperty("code").GetString());
    }

    private static string? Content(string completion)
    {
        using var document = JsonDocument.Parse(completion);
        return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
    }

    internal static List<string> Events(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e["data: ".Length..]).ToList();

    internal static string StreamedContent(IEnumerable<string> events) => string.Concat(events.Where(e => e != "[DONE]").Select(e =>
    {
        using var chunk = JsonDocument.Parse(e);
        var choices = chunk.RootElement.GetProperty("choices");
        return choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : "";
    }));
}
