using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace ModelHub.GatewayBench;

/// <summary>One memory sample of the gateway process.</summary>
internal sealed record MemorySample(TimeSpan At, double RssMb, double? GcHeapMb);

/// <summary>
/// Samples a process every interval: its resident set from <c>/proc/PID/status</c>, and its GC heap size from the
/// runtime's <c>System.Runtime</c> event counters over EventPipe (the diagnostics port every .NET process opens), so
/// nothing in the app has to expose it.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly int pid;
    private readonly EventPipeSession? session;
    private double gcHeapMb = double.NaN;

    public MemorySampler(int pid, TimeSpan interval)
    {
        this.pid = pid;
        try
        {
            var provider = new EventPipeProvider("System.Runtime", EventLevel.Informational, 0,
                new Dictionary<string, string> { ["EventCounterIntervalSec"] = interval.TotalSeconds.ToString(CultureInfo.InvariantCulture) });
            session = new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false);
            var source = new EventPipeEventSource(session.EventStream);
            source.Dynamic.All += OnEvent;
            _ = Task.Run(source.Process);
        }
        catch (Exception failure) when (failure is DiagnosticsClientException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            Console.WriteLine($"   (GC heap not sampled: {failure.Message})");
        }
    }

    public MemorySample Sample(TimeSpan at) => new(at, ResidentMb(), Volatile.Read(ref gcHeapMb) is var heap && !double.IsNaN(heap) ? heap : null);

    private void OnEvent(TraceEvent e)
    {
        if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
            || outer.TryGetValue("Payload", out var inner) is false || inner is not IDictionary<string, object> payload
            || !payload.TryGetValue("Name", out var name) || name as string != "gc-heap-size")
        {
            return;
        }

        // A polling counter: "Mean" is the value read at the interval, in MB.
        if (payload.TryGetValue("Mean", out var mean))
        {
            var value = Convert.ToDouble(mean, CultureInfo.InvariantCulture);
            Volatile.Write(ref gcHeapMb, value);
        }
    }

    private double ResidentMb()
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024.0;
    }

    public void Dispose()
    {
        try
        {
            session?.Stop();
        }
        catch (Exception failure) when (failure is ServerNotAvailableException or IOException or EndOfStreamException or TimeoutException)
        {
        }

        session?.Dispose();
    }
}
