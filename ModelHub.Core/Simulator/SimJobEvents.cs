namespace ModelHub.Core.Simulator;

/// <summary>Derives a job's events and checkpoints from its timeline and curve, so they never need storing.</summary>
public static class SimJobEvents
{
    /// <summary>Events that have happened by <paramref name="snapshot"/>'s time, oldest first.</summary>
    public static IReadOnlyList<SimEvent> Until(SimJobSnapshot snapshot, IReadOnlyList<StepMetrics> curve, DateTimeOffset now)
    {
        var job = snapshot.Job;
        var events = new List<(DateTimeOffset At, string Level, string Message, string Type, StepMetrics? Data)>
        {
            (job.CreatedAt, "info", $"Created fine-tuning job: {job.Id}", "message", null),
            (job.CreatedAt, "info", $"Validating training file: {job.TrainingFile}" + (job.ValidationFile is null ? "" : $" and validation file: {job.ValidationFile}"), "message", null),
            (SimJobTimeline.ValidatedAt(job), "info", "Files validated, moving job to queued state", "message", null),
            (SimJobTimeline.StartedAt(job), "info", "Fine-tuning job started", "message", null),
        };

        for (var step = 1; step <= snapshot.CompletedSteps; step++)
        {
            var at = SimJobTimeline.StepAt(job, step);
            var m = curve[step - 1];
            var valid = m.ValidLoss is { } v ? $", validation loss={v:0.0000}" : "";
            events.Add((at, "info", $"Step {step}/{m.TotalSteps}: training loss={m.TrainLoss:0.0000}{valid}", "metrics", m));
            if (step % job.StepsPerEpoch == 0)
            {
                events.Add((at, "info", $"Checkpoint created at step {step}", "message", null));
            }
        }

        switch (snapshot.Status)
        {
            case SimJobStatus.Succeeded:
                events.Add((snapshot.FinishedAt!.Value, "info", $"New fine-tuned model created: {job.FineTunedModel}", "message", null));
                events.Add((snapshot.FinishedAt!.Value, "info", "The job has successfully completed", "message", null));
                break;
            case SimJobStatus.Failed:
                events.Add((snapshot.FinishedAt!.Value, "error", job.FailureMessage ?? "The job failed.", "message", null));
                break;
            case SimJobStatus.Cancelled:
                events.Add((snapshot.FinishedAt!.Value, "info", "Fine-tuning job cancelled", "message", null));
                break;
        }

        // A stopped job has no later milestones; without this cut, "job started" could follow "job cancelled".
        var horizon = snapshot.IsTerminal && snapshot.FinishedAt < now ? snapshot.FinishedAt.Value : now;
        var shortId = job.Id["ftjob-".Length..];
        return events
            .Where(e => e.At <= horizon)
            .Select((e, i) => new SimEvent($"ftevent-{shortId}-{i:D5}", e.At, e.Level, e.Message, e.Type, e.Data))
            .ToList();
    }

    /// <summary>One checkpoint per completed epoch, oldest first.</summary>
    public static IReadOnlyList<SimCheckpoint> Checkpoints(SimJobSnapshot snapshot, IReadOnlyList<StepMetrics> curve)
    {
        var job = snapshot.Job;
        var shortId = job.Id["ftjob-".Length..];
        return Enumerable.Range(1, snapshot.CompletedSteps / job.StepsPerEpoch)
            .Select(epoch => epoch * job.StepsPerEpoch)
            .Select(step => new SimCheckpoint(
                $"ftckpt-{shortId}-{step:D5}",
                SimJobTimeline.StepAt(job, step),
                $"{job.FineTunedModel}:ckpt-step-{step}",
                step,
                curve[step - 1],
                job.Id))
            .ToList();
    }
}
