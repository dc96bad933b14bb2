using ModelHub.Cli.Api;

namespace ModelHub.Cli.Following;

/// <summary>What the CLI shows of a followed job: status, step n/N and the latest training loss.</summary>
public sealed record JobState(int JobId, string Status, int Step, int? TotalSteps, double? Loss)
{
    public bool Ended => Status is JobStatuses.Succeeded or JobStatuses.Failed or JobStatuses.Cancelled;

    public static JobState From(Job job) => new(job.Id, job.Status, job.Progress.Step, job.Progress.TotalSteps,
        job.Metrics?.TryGetValue(LossMetric, out var loss) == true ? loss : null);

    /// <summary>The metric shown as "loss".</summary>
    public const string LossMetric = "train_loss";

    public string Describe() =>
        $"{Status,-16} step {Step}/{(TotalSteps?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")}" +
        (Loss is { } loss ? $"  loss {loss.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}" : "");
}
