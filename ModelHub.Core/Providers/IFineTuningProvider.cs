namespace ModelHub.Core.Providers;

/// <summary>
/// The only door to the fine-tuning provider (HolySheep or the built-in simulator). Every method throws
/// <see cref="ProviderException"/> when the provider refuses or cannot be reached; its message is safe to show.
/// </summary>
public interface IFineTuningProvider
{
    /// <summary>Where calls go; lets the UI say "simulator" or "HolySheep".</summary>
    IProviderEndpoint Endpoint { get; }

    /// <summary>Uploads a chat JSONL file with purpose <c>fine-tune</c>.</summary>
    Task<ProviderFile> UploadFileAsync(Stream content, string fileName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a supervised fine-tuning job, at most once per <see cref="CreateJobRequest.ModelHubJobId"/>: the id is sent
    /// as idempotency key and stored in the job's metadata, and an ambiguous failure is resolved by looking it up.
    /// </summary>
    Task<ProviderJob> CreateJobAsync(CreateJobRequest request, CancellationToken cancellationToken = default);

    Task<ProviderJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>The provider's job carrying ModelHub's id in its metadata, or null when there is none.</summary>
    Task<ProviderJob?> FindJobByModelHubIdAsync(string modelHubJobId, CancellationToken cancellationToken = default);

    /// <summary>One page of a job's events, newest first; pass the previous page's <c>LastId</c> as <paramref name="after"/> to go further back.</summary>
    Task<ProviderPage<ProviderJobEvent>> ListEventsAsync(string jobId, string? after = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>All checkpoints of a job, newest first.</summary>
    Task<IReadOnlyList<ProviderCheckpoint>> ListCheckpointsAsync(string jobId, CancellationToken cancellationToken = default);

    Task<ProviderJob> CancelJobAsync(string jobId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ProviderModel>> ListModelsAsync(CancellationToken cancellationToken = default);

    Task<ChatCompletionResult> CompleteChatAsync(string model, IReadOnlyList<ProviderChatMessage> messages, ChatCompletionSettings? settings = null, CancellationToken cancellationToken = default);
}
