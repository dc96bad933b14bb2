using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;
using OpenAI;
using OpenAI.Chat;

using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Simulator.Unit;

namespace ModelHub.Tests.Simulator.Integration;

/// <summary>Every refusal comes back in OpenAI's error envelope, over the wire and through the provider.</summary>
public sealed class SimulatorErrorTests(SimulatorHost host) : IClassFixture<SimulatorHost>
{
    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer   ")]
    public async Task Missing_or_invalid_auth_gets_401_in_OpenAI_error_shape(string? authorization)
    {
        using var client = host.CreateAnonymousHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "models");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Malformed_upload_is_rejected_with_the_line_number()
    {
        using var client = host.CreateHttpClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("fine-tune"), "purpose" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(SampleDatasets.FormatMistakes())), "file", SampleDatasets.FormatMistakesFile },
        };

        using var response = await client.PostAsync("files", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal("invalid_file_format", error.GetProperty("code").GetString());
        Assert.Contains("line 2", error.GetProperty("message").GetString());
        Assert.Contains("asistant", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("GET", "fine_tuning/jobs/ftjob-doesnotexist", "fine_tuning_job_not_found")]
    [InlineData("GET", "fine_tuning/jobs/ftjob-doesnotexist/events", "fine_tuning_job_not_found")]
    [InlineData("GET", "fine_tuning/jobs/ftjob-doesnotexist/checkpoints", "fine_tuning_job_not_found")]
    [InlineData("POST", "fine_tuning/jobs/ftjob-doesnotexist/cancel", "fine_tuning_job_not_found")]
    [InlineData("GET", "files/file-doesnotexist", "file_not_found")]
    [InlineData("GET", "files/file-doesnotexist/content", "file_not_found")]
    [InlineData("DELETE", "files/file-doesnotexist", "file_not_found")]
    [InlineData("GET", "no/such/route", "unknown_url")]
    public async Task Unknown_ids_get_404_in_OpenAI_error_shape(string method, string path, string code)
    {
        using var client = host.CreateHttpClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(code, (await ErrorAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Bad_job_requests_get_400_naming_the_parameter()
    {
        using var client = host.CreateHttpClient();

        using var unknownFile = await client.PostAsJsonAsync("fine_tuning/jobs", new { model = "gpt-4o-mini", training_file = "file-nope" });
        using var unknownModel = await client.PostAsJsonAsync("fine_tuning/jobs", new { model = "gpt-9", training_file = "file-nope" });
        using var brokenJson = await client.PostAsync("fine_tuning/jobs", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal("training_file", (await ErrorAsync(unknownFile)).GetProperty("param").GetString());
        Assert.Equal("model", (await ErrorAsync(unknownModel)).GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, brokenJson.StatusCode);
        Assert.Equal("invalid_json", (await ErrorAsync(brokenJson)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Provider_reports_the_provider_error_code_in_a_user_safe_message()
    {
        await using var services = host.CreateProviderServices();
        var provider = services.GetRequiredService<IFineTuningProvider>();

        var missing = await Assert.ThrowsAsync<ProviderException>(() => provider.GetJobAsync("ftjob-doesnotexist"));
        var unknownModel = await Assert.ThrowsAsync<ProviderException>(() => provider.CompleteChatAsync("ft:nope", [new("user", "hi")]));

        Assert.Equal(404, missing.Status);
        Assert.Equal("fine_tuning_job_not_found", missing.Code);
        Assert.Contains("fine_tuning_job_not_found", missing.Message);
        Assert.Equal("model_not_found", unknownModel.Code);
    }

    [Fact]
    public async Task Cancelled_job_ends_cancelled_and_cannot_be_cancelled_again()
    {
        await using var services = host.CreateProviderServices();
        var provider = services.GetRequiredService<IFineTuningProvider>();
        var train = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanTrainFile, SampleDatasets.CleanTrain());
        var created = await provider.CreateJobAsync(ProviderFlow.Job("mh-cancel", train.Id, null, "cancel") with { Hyperparameters = new(40, 1, null) });

        var cancelled = await provider.CancelJobAsync(created.Id);
        var again = await Assert.ThrowsAsync<ProviderException>(() => provider.CancelJobAsync(created.Id));
        var events = await ProviderFlow.AllEventsAsync(provider, created.Id);

        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("cancelled", (await provider.GetJobAsync(created.Id)).Status);
        Assert.Null(cancelled.FineTunedModel);
        Assert.Equal(400, again.Status);
        Assert.Equal("job_not_cancellable", again.Code);
        Assert.Contains(events, e => e.Message.Contains("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Job_armed_to_fail_fails_with_the_given_message()
    {
        await using var services = host.CreateProviderServices();
        var provider = services.GetRequiredService<IFineTuningProvider>();
        var train = await ProviderFlow.UploadAsync(provider, SampleDatasets.CleanTrainFile, SampleDatasets.CleanTrain());
        host.Faults.FailNextJobMessage = "Simulated GPU failure";

        var created = await provider.CreateJobAsync(ProviderFlow.Job("mh-fail", train.Id, null, "fail"));
        var job = await ProviderFlow.FollowToEndAsync(provider, created.Id);
        var events = await ProviderFlow.AllEventsAsync(provider, job.Id);

        Assert.Equal("failed", job.Status);
        Assert.Equal("Simulated GPU failure", job.Error?.Message);
        Assert.Null(job.FineTunedModel);
        Assert.Contains(events, e => e.Level == "error" && e.Message == "Simulated GPU failure");
        Assert.Null(host.Faults.FailNextJobMessage);
    }

    [Fact]
    public async Task Unmodified_OpenAI_SDK_streams_a_chat_completion_with_usage()
    {
        var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential(host.Secret), new OpenAIClientOptions { Endpoint = host.BaseUrl });
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("The blender broke within days. One star.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.False(string.IsNullOrWhiteSpace(text.ToString()));
        Assert.NotNull(usage);
        Assert.True(usage.InputTokenCount > 0 && usage.OutputTokenCount > 0);
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error").Clone();
        Assert.True(error.TryGetProperty("message", out _) && error.TryGetProperty("type", out _) && error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _));
        return error;
    }
}
