using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ModelHub.Tests.Observability.Unit;

/// <summary>What one service provider's meters recorded (meters of parallel tests, built by other factories, are ignored).</summary>
internal sealed class MeasurementLog : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Recorded> recorded = new();

    public MeasurementLog(IMeterFactory scope)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == scope)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    public sealed record Recorded(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Everything recorded so far on <paramref name="instrument"/>, observable instruments observed now.</summary>
    public IReadOnlyList<Recorded> Of(string instrument)
    {
        listener.RecordObservableInstruments();
        return [.. recorded.Where(r => r.Instrument == instrument)];
    }

    public void Clear() => recorded.Clear();

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        recorded.Enqueue(new Recorded(instrument.Name, instrument.Unit, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
}
