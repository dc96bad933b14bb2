using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ModelHub.Tests.Support;

/// <summary>The app with OpenTelemetry tracing on, exporting every finished span into <paramref name="spans"/>.</summary>
public sealed class TracedApp(ConcurrentQueue<Activity> spans, params (string Key, string Value)[] settings)
    : ModelHubFactory(settings: settings.ToDictionary(s => s.Key, s => (string?)s.Value))
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(new SpanList(spans))));
    }

    /// <summary>The in-memory exporter wants an ICollection; a queue keeps concurrent exports safe.</summary>
    private sealed class SpanList(ConcurrentQueue<Activity> spans) : ICollection<Activity>
    {
        public int Count => spans.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => spans.Enqueue(item);

        public void Clear() => spans.Clear();

        public bool Contains(Activity item) => spans.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => spans.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => spans.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
