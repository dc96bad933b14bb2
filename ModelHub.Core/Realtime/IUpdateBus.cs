namespace ModelHub.Core.Realtime;

/// <summary>A change worth showing live. <see cref="Topic"/> groups updates (e.g. <c>job:42</c>, <c>model:sentiment</c>, <c>jobs</c>).</summary>
public abstract record Update(string Topic);

/// <summary>Publishes updates to in-process subscribers; a slow subscriber never blocks the publisher.</summary>
public interface IUpdateBus
{
    /// <summary>Hands <paramref name="update"/> to every subscriber of its topic (and of <c>*</c>).</summary>
    void Publish(Update update);

    /// <summary>Calls <paramref name="handler"/> for each update on <paramref name="topic"/> until the returned handle is disposed.</summary>
    IDisposable Subscribe(string topic, Func<Update, Task> handler);
}
