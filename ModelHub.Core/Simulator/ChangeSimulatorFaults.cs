using ModelHub.Core.Audit;

namespace ModelHub.Core.Simulator;

/// <summary>Changes the simulator's fault injection from the Settings page and records each change in the audit log.</summary>
/// <remarks>The faults live in memory, so the entry is the only row written; the change is undone if the entry cannot be saved.</remarks>
public sealed class ChangeSimulatorFaults(SimulatorFaults faults, AuditLog audit)
{
    public const string ErrorRate = "simulator.errorRate";
    public const string AddedLatencyMs = "simulator.addedLatencyMs";
    public const string FailNextJobMessage = "simulator.failNextJobMessage";

    public Task SetErrorRateAsync(double rate, Actor actor, CancellationToken ct = default) =>
        ChangeAsync(ErrorRate, actor, () => faults.ErrorRate, v => faults.ErrorRate = v, rate, ct);

    public Task SetAddedLatencyAsync(TimeSpan latency, Actor actor, CancellationToken ct = default) =>
        ChangeAsync(AddedLatencyMs, actor, () => (int)faults.AddedLatency.TotalMilliseconds,
            v => faults.AddedLatency = TimeSpan.FromMilliseconds(v), (int)latency.TotalMilliseconds, ct);

    /// <summary>Arms (a message) or disarms (null) the failure of the next job.</summary>
    public Task SetFailNextJobMessageAsync(string? message, Actor actor, CancellationToken ct = default) =>
        ChangeAsync(FailNextJobMessage, actor, () => faults.FailNextJobMessage, v => faults.FailNextJobMessage = v, message, ct);

    private async Task ChangeAsync<T>(string setting, Actor actor, Func<T> read, Action<T> write, T value, CancellationToken ct)
    {
        var before = read();
        try
        {
            await audit.WriteAsync(async (_, trail) =>
            {
                write(value);
                var after = read();
                if (!EqualityComparer<T>.Default.Equals(before, after))
                {
                    trail.Add(new AuditRecord(actor, AuditActions.SettingsChanged, AuditObjects.Settings, setting)
                    {
                        Before = AuditRecord.ToJson(new { value = before }),
                        After = AuditRecord.ToJson(new { value = after }),
                    });
                }

                return await Task.FromResult(after);
            }, ct);
        }
        catch
        {
            write(before);
            throw;
        }
    }
}
