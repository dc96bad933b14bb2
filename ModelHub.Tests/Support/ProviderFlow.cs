using System.Text;
using System.Text.Json;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Providers;

namespace ModelHub.Tests.Support;

/// <summary>Steps the integration tests share: upload samples, follow a job to its end, score a model.</summary>
public static class ProviderFlow
{
    public static Task<ProviderFile> UploadAsync(IFineTuningProvider provider, string fileName, string content) =>
        provider.UploadFileAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)), fileName);

    /// <summary>Polls the job until it reaches a terminal status (bounded, so a broken simulator fails the test).</summary>
    public static async Task<ProviderJob> FollowToEndAsync(IFineTuningProvider provider, string jobId, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = await provider.GetJobAsync(jobId);
            if (job.IsTerminal)
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} is still {job.Status}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every event of a job, newest first, following the <c>after</c> cursor page by page.</summary>
    public static async Task<List<ProviderJobEvent>> AllEventsAsync(IFineTuningProvider provider, string jobId)
    {
        var events = new List<ProviderJobEvent>();
        string? after = null;
        do
        {
            var page = await provider.ListEventsAsync(jobId, after, limit: 25);
            events.AddRange(page.Items);
            after = page.HasMore ? page.LastId : null;
        }
        while (after is not null);

        return events;
    }

    /// <summary>Share of validation examples whose expected label the model answers exactly.</summary>
    public static async Task<double> AccuracyAsync(IFineTuningProvider provider, string model, string validationJsonl, int? take = null)
    {
        var examples = validationJsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(take ?? int.MaxValue).ToList();
        var hits = 0;
        foreach (var line in examples)
        {
            using var document = JsonDocument.Parse(line);
            var messages = document.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => new ProviderChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))
                .ToList();
            var expected = messages[^1].Content;
            var answer = await provider.CompleteChatAsync(model, messages[..^1]);
            if (string.Equals(answer.Text.Trim(), expected, StringComparison.OrdinalIgnoreCase))
            {
                hits++;
            }
        }

        return (double)hits / examples.Count;
    }

    public static CreateJobRequest Job(string modelHubJobId, string trainingFileId, string? validationFileId, string suffix) =>
        new(modelHubJobId, "gpt-4o-mini-2024-07-18", trainingFileId, validationFileId, new ProviderHyperparameters(3, null, null), suffix, Seed: 7);

    /// <summary>Shortcut for the clean sample.</summary>
    public static string CleanValidation => SampleDatasets.CleanValidation();
}
