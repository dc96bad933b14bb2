using System.Collections.Concurrent;
using ModelHub.Core.Providers;

namespace ModelHub.Tests.Support;

/// <summary>
/// A provider whose chat completions answer from a script (model id and last user message → answer) and count what
/// each model was asked; everything else is outside what gate runs use and throws.
/// </summary>
public sealed class ScriptedChatProvider(Func<string, string, string> answer) : IFineTuningProvider
{
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    /// <summary>Chat completions asked of models whose id contains <paramref name="modelIdPart"/>.</summary>
    public int CallsTo(string modelIdPart) => calls.Where(c => c.Key.Contains(modelIdPart, StringComparison.Ordinal)).Sum(c => c.Value);

    public Task<ChatCompletionResult> CompleteChatAsync(string model, IReadOnlyList<ProviderChatMessage> messages, ChatCompletionSettings? settings = null, CancellationToken cancellationToken = default)
    {
        calls.AddOrUpdate(model, 1, (_, n) => n + 1);
        var prompt = messages.Last(m => m.Role == "user").Content;
        return Task.FromResult(new ChatCompletionResult(answer(model, prompt), PromptTokens: 10, CompletionTokens: 1, model));
    }

    public IProviderEndpoint Endpoint => throw Unused();

    public Task<ProviderFile> UploadFileAsync(Stream content, string fileName, CancellationToken cancellationToken = default) => throw Unused();

    public Task<ProviderJob> CreateJobAsync(CreateJobRequest request, CancellationToken cancellationToken = default) => throw Unused();

    public Task<ProviderJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default) => throw Unused();

    public Task<ProviderJob?> FindJobByModelHubIdAsync(string modelHubJobId, CancellationToken cancellationToken = default) => throw Unused();

    public Task<ProviderPage<ProviderJobEvent>> ListEventsAsync(string jobId, string? after = null, int limit = 100, CancellationToken cancellationToken = default) => throw Unused();

    public Task<IReadOnlyList<ProviderCheckpoint>> ListCheckpointsAsync(string jobId, CancellationToken cancellationToken = default) => throw Unused();

    public Task<ProviderJob> CancelJobAsync(string jobId, CancellationToken cancellationToken = default) => throw Unused();

    public Task<IReadOnlyList<ProviderModel>> ListModelsAsync(CancellationToken cancellationToken = default) => throw Unused();

    private static NotSupportedException Unused() => new("Gate runs only ask for chat completions.");
}
