using System.Runtime.ExceptionServices;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Runs the parts of a chunk at once: part 0 on the calling thread, every other part on a thread of its own.</summary>
/// <remarks>
/// Not the thread pool: the read, the hash and the file I/O of the next chunk already hold pool threads, and on a
/// 2-core machine the pool keeps 2 threads, so Parallel.For's second part waited for one and the caller ended up
/// checking most chunks alone (measured: 1.7 cores busy, much of it pool threads spinning, for ~0.7 GB/s). The threads start on the
/// first chunk big enough to split, so small files never create one.
/// </remarks>
internal sealed class WorkerCrew(int size) : IDisposable
{
    private ManualResetEventSlim[]? go;
    private Thread[]? threads;
    private readonly CountdownEvent finished = new(0);
    private Action<int>? work;
    private ExceptionDispatchInfo? failure;
    private volatile bool stopping;

    /// <summary>Calls <paramref name="part"/> for 0 to <paramref name="parts"/> − 1 in parallel and returns when all have returned.</summary>
    public void Run(int parts, Action<int> part)
    {
        if (parts <= 1)
        {
            part(0);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, size);
        EnsureStarted();
        work = part;
        failure = null;
        finished.Reset(parts - 1);
        for (var p = 1; p < parts; p++)
        {
            go![p - 1].Set();
        }

        try
        {
            part(0);
        }
        finally
        {
            finished.Wait();
        }

        failure?.Throw();
    }

    public void Dispose()
    {
        stopping = true;
        if (go is not null)
        {
            foreach (var signal in go)
            {
                signal.Set();
            }

            foreach (var thread in threads!)
            {
                thread.Join();
            }

            foreach (var signal in go)
            {
                signal.Dispose();
            }
        }

        finished.Dispose();
    }

    private void EnsureStarted()
    {
        if (go is not null)
        {
            return;
        }

        go = new ManualResetEventSlim[size - 1];
        threads = new Thread[size - 1];
        for (var i = 0; i < go.Length; i++)
        {
            var index = i + 1;
            go[i] = new ManualResetEventSlim(false);
            threads[i] = new Thread(() => Loop(index)) { IsBackground = true, Name = "Dataset validation" };
            threads[i].Start();
        }
    }

    private void Loop(int index)
    {
        var signal = go![index - 1];
        while (true)
        {
            signal.Wait();
            signal.Reset();
            if (stopping)
            {
                return;
            }

            try
            {
                work!(index);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                finished.Signal();
            }
        }
    }
}
