using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using OpenAI.Files;
using OpenAI.FineTuning;

namespace ModelHub.Core.Providers;

/// <summary><see cref="IFineTuningProvider"/> on the official OpenAI .NET SDK, against HolySheep or the simulator.</summary>
internal sealed class OpenAIFineTuningProvider(ProviderClients clients, ProviderErrors errors, ILogger<OpenAIFineTuningProvider> logger) : IFineTuningProvider
{
    // How far back a lookup by ModelHub id searches; jobs are listed newest first and a retry follows its attempt closely.
    private const int LookupJobLimit = 500;

    public IProviderEndpoint Endpoint => clients.Endpoint;

    public Task<ProviderFile> UploadFileAsync(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        Call("upload file", async set =>
        {
            // A retry re-sends the body, so it must be replayable.
            var body = content.CanSeek ? content : await Buffer(content, cancellationToken);
            OpenAIFile file = await set.Files.UploadFileAsync(body, fileName, FileUploadPurpose.FineTune, cancellationToken);
            logger.LogInformation("Uploaded {FileName} as provider file {FileId}", fileName, file.Id);
            return new ProviderFile(file.Id, file.Filename, file.SizeInBytesLong, file.CreatedAt, file.Purpose.ToString());
        });

    public async Task<ProviderJob> CreateJobAsync(CreateJobRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Call("create job", set => CreateOnce(set, request, cancellationToken));
        }
        catch (ProviderException ex) when (ex.IsAmbiguous && !cancellationToken.IsCancellationRequested)
        {
            // The job may exist although no answer arrived: look before creating again, so there is never a second one.
            logger.LogWarning("Creating job {ModelHubJobId} failed ambiguously ({Code}); looking it up before retrying", request.ModelHubJobId, ex.Code);
            if (await FindJobByModelHubIdAsync(request.ModelHubJobId, cancellationToken) is { } existing)
            {
                logger.LogInformation("Job {ModelHubJobId} already exists as provider job {JobId}", request.ModelHubJobId, existing.Id);
                return existing;
            }

            return await Call("create job", set => CreateOnce(set, request, cancellationToken));
        }
    }

    public Task<ProviderJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Call("get job", async set =>
        {
            var result = await set.FineTuning.GetJobAsync(jobId, cancellationToken);
            return ProviderJson.Job(result.GetRawResponse().Content);
        });

    public Task<ProviderJob?> FindJobByModelHubIdAsync(string modelHubJobId, CancellationToken cancellationToken = default) =>
        Call<ProviderJob?>("find job", async set =>
        {
            var seen = 0;
            await foreach (var job in set.FineTuning.GetJobsAsync(new FineTuningJobCollectionOptions { PageSize = 100 }, cancellationToken))
            {
                if (job.Metadata is { } metadata && metadata.TryGetValue(ProviderJob.ModelHubJobIdKey, out var id) && id == modelHubJobId)
                {
                    var result = await set.FineTuning.GetJobAsync(job.JobId, cancellationToken);
                    return ProviderJson.Job(result.GetRawResponse().Content);
                }

                if (++seen >= LookupJobLimit)
                {
                    break;
                }
            }

            return null;
        });

    public Task<ProviderPage<ProviderJobEvent>> ListEventsAsync(string jobId, string? after = null, int limit = 100, CancellationToken cancellationToken = default) =>
        Call("list events", async set =>
        {
            var job = await set.FineTuning.GetJobAsync(jobId, cancellationToken);
            await foreach (var page in job.GetEventsAsync(after, limit, Options(cancellationToken)).GetRawPagesAsync())
            {
                return ProviderJson.Page(page.GetRawResponse().Content, ProviderJson.Event, e => e.Id);
            }

            return new ProviderPage<ProviderJobEvent>([], false, null);
        });

    public Task<IReadOnlyList<ProviderCheckpoint>> ListCheckpointsAsync(string jobId, CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<ProviderCheckpoint>>("list checkpoints", async set =>
        {
            var job = await set.FineTuning.GetJobAsync(jobId, cancellationToken);
            var checkpoints = new List<ProviderCheckpoint>();
            await foreach (var page in job.GetCheckpointsAsync(null, 100, Options(cancellationToken)).GetRawPagesAsync())
            {
                checkpoints.AddRange(ProviderJson.Page(page.GetRawResponse().Content, ProviderJson.Checkpoint, c => c.Id).Items);
            }

            return checkpoints;
        });

    public Task<ProviderJob> CancelJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Call("cancel job", async set =>
        {
            var job = await set.FineTuning.GetJobAsync(jobId, cancellationToken);
            var result = await job.CancelAsync(Options(cancellationToken));
            logger.LogInformation("Cancelled provider job {JobId}", jobId);
            return ProviderJson.Job(result.GetRawResponse().Content);
        });

    public Task<IReadOnlyList<ProviderModel>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<ProviderModel>>("list models", async set =>
        {
            var models = await set.Models.GetModelsAsync(cancellationToken);
            return models.Value.Select(m => new ProviderModel(m.Id, m.CreatedAt, m.OwnedBy)).ToList();
        });

    public Task<ChatCompletionResult> CompleteChatAsync(string model, IReadOnlyList<ProviderChatMessage> messages, ChatCompletionSettings? settings = null, CancellationToken cancellationToken = default) =>
        Call("chat completion", async set =>
        {
            var options = new ChatCompletionOptions { Temperature = settings?.Temperature, MaxOutputTokenCount = settings?.MaxOutputTokens };
            ChatCompletion completion = await set.Chat(model).CompleteChatAsync(messages.Select(ToChatMessage), options, cancellationToken);
            var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            return new ChatCompletionResult(text, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0, completion.Model);
        });

    private async Task<ProviderJob> CreateOnce(ProviderClientSet set, CreateJobRequest request, CancellationToken cancellationToken)
    {
        var options = Options(cancellationToken);

        // Same key on every attempt of this ModelHub job: a provider that honours it never creates a second job.
        options.SetHeader("Idempotency-Key", "modelhub-" + request.ModelHubJobId);
        var job = await set.FineTuning.FineTuneAsync(BinaryContent.Create(CreateJobBody(request)), waitUntilCompleted: false, options);
        var created = ProviderJson.Job(job.GetRawResponse().Content);
        logger.LogInformation("Created provider job {JobId} for ModelHub job {ModelHubJobId}", created.Id, request.ModelHubJobId);
        return created;
    }

    /// <summary>The documented create-job body; the typed options cannot carry an idempotency header.</summary>
    private static BinaryData CreateJobBody(CreateJobRequest request)
    {
        var hyperparameters = new Dictionary<string, object>
        {
            ["n_epochs"] = (object?)request.Hyperparameters.NEpochs ?? "auto",
            ["batch_size"] = (object?)request.Hyperparameters.BatchSize ?? "auto",
            ["learning_rate_multiplier"] = (object?)request.Hyperparameters.LearningRateMultiplier ?? "auto",
        };
        var body = new Dictionary<string, object?>
        {
            ["model"] = request.BaseModel,
            ["training_file"] = request.TrainingFileId,
            ["metadata"] = new Dictionary<string, string> { [ProviderJob.ModelHubJobIdKey] = request.ModelHubJobId },
            ["method"] = new { type = "supervised", supervised = new { hyperparameters } },
        };
        if (request.ValidationFileId is not null)
        {
            body["validation_file"] = request.ValidationFileId;
        }

        if (request.Suffix is not null)
        {
            body["suffix"] = request.Suffix;
        }

        if (request.Seed is not null)
        {
            body["seed"] = request.Seed;
        }

        return BinaryData.FromObjectAsJson(body);
    }

    /// <summary>Runs one provider call, turning every failure into a <see cref="ProviderException"/> with the key redacted.</summary>
    private async Task<T> Call<T>(string operation, Func<ProviderClientSet, Task<T>> call)
    {
        ProviderClientSet set;
        try
        {
            set = clients.Get();
        }
        catch (InvalidOperationException ex)
        {
            // The endpoint is not known (the simulator's server has not started, or nothing is configured).
            throw Log(operation, new ProviderException(null, "not_configured", ex.Message, ex));
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call(set);
            logger.LogDebug("Provider {Operation} took {ElapsedMs:0} ms", operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (ClientResultException ex)
        {
            throw Log(operation, Translate(ex, set.Endpoint.ApiKey));
        }
        catch (HttpRequestException ex)
        {
            throw Log(operation, new ProviderException(null, "unreachable", SecretRedactor.Redact(ex.Message, set.Endpoint.ApiKey), ex));
        }
        catch (Exception ex) when (ex is TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            throw Log(operation, new ProviderException(null, "timeout", "The provider did not answer in time.", ex));
        }
    }

    private ProviderException Log(string operation, ProviderException ex)
    {
        errors.Record(operation, ex);
        logger.LogWarning("Provider {Operation} failed: status {Status}, code {Code}", operation, ex.Status, ex.Code);
        return ex;
    }

    private static ProviderException Translate(ClientResultException ex, string apiKey)
    {
        if (ex.Status == 0)
        {
            var timedOut = ex.InnerException is TimeoutException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException;
            return new ProviderException(null, timedOut ? "timeout" : "unreachable", timedOut ? "The provider did not answer in time." : "The provider could not be reached.", ex);
        }

        var error = ProviderJson.Error(ex.GetRawResponse()?.Content);
        var code = error?.Code ?? error?.Type ?? $"http_{ex.Status}";
        var message = error is { Message.Length: > 0 } ? error.Value.Message : $"HTTP {ex.Status}";
        return new ProviderException(ex.Status, code, SecretRedactor.Redact(message, apiKey), ex);
    }

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    private static ChatMessage ToChatMessage(ProviderChatMessage message) => message.Role switch
    {
        "system" => ChatMessage.CreateSystemMessage(message.Content),
        "assistant" => ChatMessage.CreateAssistantMessage(message.Content),
        "user" => ChatMessage.CreateUserMessage(message.Content),
        _ => throw new ArgumentException($"Unsupported chat role '{message.Role}'.", nameof(message)),
    };

    private static async Task<Stream> Buffer(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }
}
