using System.Threading.Channels;

namespace ModelHub.Core.Common;

/// <summary>
/// Wakes a background loop before its next timed pass. Signals given while the loop is busy count as one: the loop
/// looks at everything that is due when it wakes.
/// </summary>
public sealed class WakeUpSignal
{
    private readonly Channel<bool> wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Wakes the loop now, or at its next wait if it is busy.</summary>
    public void Signal() => wakeUps.Writer.TryWrite(true);

    /// <summary>Waits for a <see cref="Signal"/> or until <paramref name="timeout"/> passes on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        if (wakeUps.Reader.TryRead(out _))
        {
            return;
        }

        using var timeoutSource = new CancellationTokenSource(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutSource.Token);
        try
        {
            await wakeUps.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The timeout passed: time for the timed pass.
        }
    }
}
