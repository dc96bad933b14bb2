using System.Diagnostics;

namespace ModelHub.Tests.Support;

/// <summary>Waits for what another thread or instance does: an update delivered, a cache emptied.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < timeout)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), failure);
    }
}
