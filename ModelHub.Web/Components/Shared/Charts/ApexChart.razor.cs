using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ModelHub.Web.Components.Shared.Charts;

/// <summary>
/// A line or bar chart drawn by apexcharts in the browser, fed with typed <see cref="ChartSeries"/>.
/// Shows <see cref="EmptyText"/> instead of an empty plot while there are no points.
/// </summary>
public partial class ApexChart(IJSRuntime js) : ComponentBase, IAsyncDisposable
{
    internal const string ModulePath = "./Components/Shared/Charts/ApexChart.razor.js";

    private readonly SemaphoreSlim _sync = new(1, 1);
    private ElementReference _host;
    private IJSObjectReference? _module;
    private IReadOnlyList<ChartSeries>? _seriesParameter;
    private IReadOnlyList<ChartSeries> _shown = [];
    private int _appendedPoints;
    private bool _seriesChanged;
    private bool _created;
    private string? _appliedOptions;
    private bool _disposed;

    /// <summary>Whether the series are drawn as lines or bars. Default: <see cref="ChartKind.Line"/>.</summary>
    [Parameter] public ChartKind Kind { get; set; } = ChartKind.Line;

    /// <summary>
    /// The data to draw. Pass a new list to redraw (the chart animates to the new data); mutating the list in
    /// place is not noticed. For live points use <see cref="AppendAsync"/>.
    /// </summary>
    [Parameter] public IReadOnlyList<ChartSeries>? Series { get; set; }

    /// <summary>What the chart shows, read by screen readers as the chart's name. Not drawn: put a heading around the chart.</summary>
    [Parameter] public string? Title { get; set; }

    /// <summary>Overrides <see cref="Title"/> as the accessible name when that needs more words than the heading.</summary>
    [Parameter] public string? AriaLabel { get; set; }

    /// <summary>The label under the x axis, e.g. "Step".</summary>
    [Parameter] public string? XAxisTitle { get; set; }

    /// <summary>The label beside the y axis, e.g. "Training loss".</summary>
    [Parameter] public string? YAxisTitle { get; set; }

    /// <summary>Fixes the bottom of the y axis; null lets apexcharts fit it to the data.</summary>
    [Parameter] public double? YMin { get; set; }

    /// <summary>Fixes the top of the y axis; null lets apexcharts fit it to the data.</summary>
    [Parameter] public double? YMax { get; set; }

    /// <summary>Bar labels for <see cref="ChartKind.Bar"/>: a point with X = i is drawn at Categories[i].</summary>
    [Parameter] public IReadOnlyList<string>? Categories { get; set; }

    /// <summary>Height of the chart (and of the empty state) in pixels. Default: 300.</summary>
    [Parameter] public int Height { get; set; } = 300;

    /// <summary>Shows the series legend when there is more than one series. Default: true.</summary>
    [Parameter] public bool ShowLegend { get; set; } = true;

    /// <summary>Lets the user drag to zoom the x axis. Default: false, so that page scrolling stays predictable.</summary>
    [Parameter] public bool Zoom { get; set; }

    /// <summary>Stacks the series of a <see cref="ChartKind.Bar"/> chart on each other (e.g. spend per version per day). Default: false.</summary>
    [Parameter] public bool Stacked { get; set; }

    /// <summary>Shows apexcharts' toolbar (download, zoom buttons). Default: false.</summary>
    [Parameter] public bool Toolbar { get; set; }

    /// <summary>Above this many points in total, drawing and updates are not animated, to keep big series responsive. Default: 500.</summary>
    [Parameter] public int AnimationPointLimit { get; set; } = 500;

    /// <summary>Draws axes, labels and tooltips for a dark background; bind it to the layout's dark-mode switch.</summary>
    [Parameter] public bool DarkMode { get; set; }

    /// <summary>The text shown instead of the chart while no series has a point. Default: "No data yet".</summary>
    [Parameter] public string EmptyText { get; set; } = "No data yet";

    /// <summary>The id of the chart's outer element. Default: a unique generated id.</summary>
    [Parameter] public string Id { get; set; } = $"apexchart-{Guid.NewGuid():N}";

    /// <summary>CSS classes added to the chart's outer element.</summary>
    [Parameter] public string? Class { get; set; }

    /// <summary>Inline styles added to the chart's outer element.</summary>
    [Parameter] public string? Style { get; set; }

    private bool IsEmpty => _appendedPoints == 0 && _shown.All(s => s.Points.Count == 0);

    private string AccessibleName
    {
        get
        {
            var name = AriaLabel ?? Title ?? "Chart";
            return IsEmpty ? $"{name}: {EmptyText}" : name;
        }
    }

    /// <summary>
    /// Adds points to the named series without redrawing the chart. The points are not added to
    /// <see cref="Series"/>: a parent that later passes a new Series list must include them itself.
    /// </summary>
    /// <exception cref="ArgumentException">A point names a series that is not in <see cref="Series"/>.</exception>
    public Task AppendAsync(IReadOnlyList<(string series, ChartPoint point)> points) =>
        InvokeAsync(() => AppendOnRendererAsync(points));

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(Series, _seriesParameter))
        {
            _seriesParameter = Series;
            _shown = Series ?? [];
            _appendedPoints = 0;
            _seriesChanged = true;
        }
    }

    /// <inheritdoc />
    protected override Task OnAfterRenderAsync(bool firstRender) => SyncChartAsync();

    // Renders can overlap while a JS call is awaited; the gate keeps one create/update in flight at a time.
    private async Task SyncChartAsync()
    {
        await _sync.WaitAsync();
        try
        {
            // No chart (and no 1 MB script download) until there is something to draw.
            if (_disposed || (!_created && IsEmpty))
            {
                return;
            }

            _module ??= await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            if (_disposed)
            {
                // Navigated away while the script loaded: the host element is gone, and DisposeAsync saw no module.
                await _module.DisposeAsync();
                _module = null;
                return;
            }

            var options = BuildOptions(_shown);
            var optionsWithoutData = ApexOptionsMapper.Fingerprint(options);

            if (!_created)
            {
                await _module.InvokeVoidAsync("create", _host, options);
                _created = true;
            }
            else
            {
                if (optionsWithoutData != _appliedOptions)
                {
                    await _module.InvokeVoidAsync("reconfigure", _host, options with { Series = null });
                }

                if (_seriesChanged)
                {
                    await _module.InvokeVoidAsync("update", _host, options.Series, options.Chart.Animations.Enabled);
                }
            }

            _appliedOptions = optionsWithoutData;
            _seriesChanged = false;
        }
        catch (Exception e) when (_disposed && e is JSException or JSDisconnectedException)
        {
            // The page was left while the call was in flight; there is no chart to keep in sync.
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task AppendOnRendererAsync(IReadOnlyList<(string series, ChartPoint point)> points)
    {
        if (points.Count == 0 || _disposed)
        {
            return;
        }

        var index = _shown.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i);
        if (points.FirstOrDefault(p => !index.ContainsKey(p.series)) is { series: not null } unknown)
        {
            throw new ArgumentException($"Series '{unknown.series}' is not in the chart's Series.", nameof(points));
        }

        if (!_created || IsEmpty)
        {
            // Nothing is drawn yet (or the chart is hidden behind the empty state): fold the points in and
            // let the next render create or update the chart with them.
            _shown = ApexOptionsMapper.Merge(_shown, points);
            _seriesChanged = true;
            StateHasChanged();
            return;
        }

        await _sync.WaitAsync();
        try
        {
            var data = _shown
                .Select(s => new ApexAppend(points
                    .Where(p => p.series == s.Name)
                    .Select(p => ApexOptionsMapper.ToDatum(Kind, Categories, p.point))
                    .ToList()))
                .ToList();
            await _module!.InvokeVoidAsync("append", _host, data);
            _appendedPoints += points.Count;
        }
        finally
        {
            _sync.Release();
        }
    }

    private ApexOptions BuildOptions(IReadOnlyList<ChartSeries> series) => ApexOptionsMapper.Build(
        series,
        new ChartLook(Kind, Categories, XAxisTitle, YAxisTitle, YMin, YMax, Height, ShowLegend, Zoom, Toolbar, DarkMode,
            Animate: series.Sum(s => s.Points.Count) + _appendedPoints <= AnimationPointLimit, Stacked: Stacked));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_module is null)
        {
            return;
        }

        try
        {
            if (_created)
            {
                await _module.InvokeVoidAsync("destroy", _host);
            }

            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's page (with the chart in it) with it: nothing to clean up.
        }

        GC.SuppressFinalize(this);
    }
}
