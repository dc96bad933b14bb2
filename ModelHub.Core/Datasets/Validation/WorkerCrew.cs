using System.Runtime.ExceptionServices;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Runs a batch of work items on the calling thread and on threads of its own; every thread takes the next
/// item nobody has taken yet, so a thread that loses its core for a while leaves its share to the others.</summary>
/// <remarks>
/// Not the thread pool: the read, the hash and the file I/O of the next chunk already hold pool threads, and on a
/// 2-core machine the pool keeps 2 threads, so Parallel.For's second part waited for one and the caller ended up
/// checking most chunks alone (measured: 1.7 cores busy, much of it pool threads spinning, for ~0.7 GB/s). The threads
/// start on the first batch of more than one item, so small files never create one.
/// Items are handed out in ascending order, so each thread also meets its items in ascending order.
/// </remarks>
internal sealed class WorkerCrew(int size) : IDisposable
{
    private ManualResetEventSlim[]? go;
    private Thread[]? threads;
    private readonly CountdownEvent finished = new(0);
    private Action<int, int>? work;
    private int items;
    private int next;
    private ExceptionDispatchInfo? failure;
    private volatile bool stopping;

    /// <summary>Calls <paramref name="work"/>(item, thread) for every item from 0 to <paramref name="count"/> − 1, each
    /// once, and returns when all have returned. Thread 0 is the caller; a thread's index names the state it may use.</summary>
    public void Run(int count, Action<int, int> work)
    {
        Start(count, work);
        Finish();
    }

    /// <summary>Sets the crew's own threads to work on a batch and returns at once, so the caller can do something else
    /// (read the next chunk) before it joins in with <see cref="Finish"/>; no thread stays idle meanwhile.</summary>
    public void Start(int count, Action<int, int> work)
    {
        this.work = work;
        items = count;
        next = 0;
        failure = null;
        if (count <= 1 || size == 1)
        {
            return;
        }

        EnsureStarted();
        var helpers = Math.Min(size, count) - 1;
        finished.Reset(helpers);
        for (var t = 0; t < helpers; t++)
        {
            go![t].Set();
        }
    }

    /// <summary>Takes the items of the batch still left as thread 0, then waits for the crew's threads to finish theirs;
    /// rethrows the first exception an item threw.</summary>
    public void Finish()
    {
        try
        {
            Take(0);
        }
        finally
        {
            finished.Wait();
            work = null;
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

    private void Take(int thread)
    {
        int item;
        while ((item = Interlocked.Increment(ref next) - 1) < items)
        {
            try
            {
                work!(item, thread);
            }
            catch (Exception e)
            {
                // The first fault wins; nobody starts another item of a batch that has failed.
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                Volatile.Write(ref next, items);
            }
        }
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
            // Spin a little before sleeping: the gap between two chunks is short, and waking a thread whose vCPU has
            // halted cost ~0.5 ms a chunk (measured 1.9–2.2 GB/s with the default spin, 1.9–2.7 with this one).
            go[i] = new ManualResetEventSlim(false, 100);
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
                Take(index);
            }
            finally
            {
                finished.Signal();
            }
        }
    }
}
