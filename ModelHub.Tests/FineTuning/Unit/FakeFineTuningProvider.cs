using ModelHub.Core.Providers;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.FineTuning.Unit;

/// <summary>A provider whose jobs, events and checkpoints a test sets directly; it records what ModelHub asked.</summary>
internal sealed class FakeFineTuningProvider : IFineTuningProvider
{
    private readonly Dictionary<string, ProviderJob> jobs = [];
    private readonly Dictionary<string, List<ProviderJobEvent>> events = [];

    public IProviderEndpoint Endpoint { get; } = new FixedProviderEndpoint(new Uri("http://provider.invalid/v1"), "sk-fake-provider-key", IsSimulator: false);

    /// <summary>How many times each job was read.</summary>
    public Dictionary<string, int> JobReads { get; } = [];

    /// <summary>Sets (or replaces) what the provider says about a job.</summary>
    public void SetJob(string id, string status, long? trainedTokens = null, string? fineTunedModel = null, ProviderJobError? error = null) =>
        jobs[id] = new ProviderJob(id, status, "gpt-4o-mini", "file-1", null, fineTunedModel, DateTimeOffset.UnixEpoch, null, null, trainedTokens,
            new ProviderHyperparameters(3, 1, 1.0), null, null, new Dictionary<string, string>(), [], error);

    /// <summary>Adds an event as the newest one of the job.</summary>
    public void AddEvent(string jobId, ProviderJobEvent item)
    {
        if (!events.TryGetValue(jobId, out var list))
        {
            events[jobId] = list = [];
        }

        list.Insert(0, item);
    }

    public Task<ProviderJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobReads[jobId] = JobReads.GetValueOrDefault(jobId) + 1;
        return jobs.TryGetValue(jobId, out var job) ? Task.FromResult(job) : throw new ProviderException(404, "fine_tuning_job_not_found", $"No job {jobId}.");
    }

    public Task<ProviderJob?> FindJobByModelHubIdAsync(string modelHubJobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(jobs.Values.FirstOrDefault(j => j.ModelHubJobId == modelHubJobId));

    public Task<ProviderPage<ProviderJobEvent>> ListEventsAsync(string jobId, string? after = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var all = events.GetValueOrDefault(jobId) ?? [];
        var start = after is null ? 0 : all.FindIndex(e => e.Id == after) + 1;
        var page = all.Skip(start).Take(limit).ToList();
        return Task.FromResult(new ProviderPage<ProviderJobEvent>(page, start + page.Count < all.Count, page.LastOrDefault()?.Id));
    }

    public Task<IReadOnlyList<ProviderCheckpoint>> ListCheckpointsAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProviderCheckpoint>>([]);

    public Task<ProviderFile> UploadFileAsync(Stream content, string fileName, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ProviderJob> CreateJobAsync(CreateJobRequest request, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ProviderJob> CancelJobAsync(string jobId, CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<IReadOnlyList<ProviderModel>> ListModelsAsync(CancellationToken cancellationToken = default) => throw Unexpected();

    public Task<ChatCompletionResult> CompleteChatAsync(string model, IReadOnlyList<ProviderChatMessage> messages, ChatCompletionSettings? settings = null, CancellationToken cancellationToken = default) =>
        throw Unexpected();

    private static NotSupportedException Unexpected() => new("Syncing a job never calls this.");
}
