using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using ModelHub.Web.Components.Shared.Charts;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Charts.Components;

public sealed class ApexChartTests : ComponentTest
{
    // The path the browser resolves against the app's base: it must match where the .razor.js file lives.
    private const string ModulePath = "./Components/Shared/Charts/ApexChart.razor.js";

    // Blazor serializes interop arguments with camelCase web defaults; assert on that wire shape.
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    private static readonly IReadOnlyList<ChartSeries> Loss =
    [
        new("train", [new(1, 2.5), new(2, 1.75)]),
        new("validation", [new(1, 2.75), new(2, null)]),
    ];

    private readonly BunitJSModuleInterop _module;

    public ApexChartTests() => _module = JSInterop.SetupModule(ModulePath);

    [Fact]
    public void Chart_is_an_image_named_by_its_title()
    {
        var cut = Render<ApexChart>(p => p
            .Add(c => c.Id, "loss-chart")
            .Add(c => c.Title, "Training loss")
            .Add(c => c.Series, Loss));

        var chart = cut.Find("#loss-chart");
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Equal("Training loss", chart.GetAttribute("aria-label"));
        Assert.DoesNotContain("No data yet", cut.Markup);
        Assert.Null(chart.QuerySelector("div[hidden]"));
    }

    [Fact]
    public void AriaLabel_overrides_the_title_as_accessible_name()
    {
        var cut = Render<ApexChart>(p => p
            .Add(c => c.Title, "Loss")
            .Add(c => c.AriaLabel, "Training and validation loss per step")
            .Add(c => c.Series, Loss));

        Assert.Equal("Training and validation loss per step", cut.Find("[role=img]").GetAttribute("aria-label"));
    }

    [Fact]
    public void Chart_without_points_says_so_and_loads_no_script()
    {
        var cut = Render<ApexChart>(p => p
            .Add(c => c.Title, "Training loss")
            .Add(c => c.Series, [new ChartSeries("train", [])]));

        Assert.Contains("No data yet", cut.Find("[role=img]").TextContent);
        Assert.Equal("Training loss: No data yet", cut.Find("[role=img]").GetAttribute("aria-label"));
        Assert.NotNull(cut.Find("[role=img] div[hidden]"));
        Assert.Empty(JSInterop.Invocations);
    }

    [Fact]
    public void Empty_text_can_be_changed()
    {
        var cut = Render<ApexChart>(p => p
            .Add(c => c.EmptyText, "Waiting for the first step")
            .Add(c => c.Series, null));

        Assert.Contains("Waiting for the first step", cut.Markup);
        Assert.DoesNotContain("No data yet", cut.Markup);
    }

    [Fact]
    public void First_render_imports_the_collocated_module_and_creates_the_chart_in_the_host_div()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, Loss));

        Assert.Equal(ModulePath, JSInterop.VerifyInvoke("import").Arguments[0]);
        var create = _module.VerifyInvoke("create");
        create.Arguments[0].ShouldBeElementReferenceTo(cut.Find("[role=img] > div"));
    }

    [Fact]
    public void Create_receives_series_names_and_points_as_apexcharts_options()
    {
        Render<ApexChart>(p => p
            .Add(c => c.Series, Loss)
            .Add(c => c.XAxisTitle, "Step")
            .Add(c => c.YAxisTitle, "Loss"));

        var options = CreateOptions();
        Assert.Equal("line", (string?)options["chart"]!["type"]);
        Assert.Equal("numeric", (string?)options["xaxis"]!["type"]);
        Assert.Equal("Step", (string?)options["xaxis"]!["title"]!["text"]);
        Assert.Equal("Loss", (string?)options["yaxis"]!["title"]!["text"]);
        Assert.Equal(
            """[{"name":"train","data":[{"x":1,"y":2.5},{"x":2,"y":1.75}]},{"name":"validation","data":[{"x":1,"y":2.75},{"x":2,"y":null}]}]""",
            options["series"]!.ToJsonString());
    }

    [Fact]
    public void Zoom_toolbar_and_axis_limits_are_off_unless_asked_for()
    {
        Render<ApexChart>(p => p.Add(c => c.Series, Loss));

        var options = CreateOptions();
        Assert.False((bool)options["chart"]!["zoom"]!["enabled"]!);
        Assert.False((bool)options["chart"]!["toolbar"]!["show"]!);
        Assert.True((bool)options["chart"]!["animations"]!["enabled"]!);
        Assert.Equal("light", (string?)options["theme"]!["mode"]);
        // apexcharts reads an explicit null min/max as a value, so unset limits must be absent.
        Assert.Equal("{}", options["yaxis"]!.ToJsonString());
    }

    [Fact]
    public void Options_follow_the_parameters()
    {
        Render<ApexChart>(p => p
            .Add(c => c.Series, Loss)
            .Add(c => c.YMin, 0)
            .Add(c => c.YMax, 3)
            .Add(c => c.Height, 180)
            .Add(c => c.Zoom, true)
            .Add(c => c.Toolbar, true)
            .Add(c => c.ShowLegend, false)
            .Add(c => c.DarkMode, true));

        var options = CreateOptions();
        Assert.Equal(0, (double)options["yaxis"]!["min"]!);
        Assert.Equal(3, (double)options["yaxis"]!["max"]!);
        Assert.Equal(180, (int)options["chart"]!["height"]!);
        Assert.True((bool)options["chart"]!["zoom"]!["enabled"]!);
        Assert.True((bool)options["chart"]!["toolbar"]!["show"]!);
        Assert.False((bool)options["legend"]!["show"]!);
        Assert.Equal("dark", (string?)options["theme"]!["mode"]);
    }

    [Fact]
    public void Bar_chart_labels_points_with_their_categories()
    {
        Render<ApexChart>(p => p
            .Add(c => c.Kind, ChartKind.Bar)
            .Add(c => c.Categories, ["gpt-4o-mini", "gpt-4.1"])
            .Add(c => c.Series, [new ChartSeries("cost", [new(0, 1.5), new(1, 8)])]));

        var options = CreateOptions();
        Assert.Equal("bar", (string?)options["chart"]!["type"]);
        Assert.Equal("category", (string?)options["xaxis"]!["type"]);
        Assert.Equal(
            """[{"x":"gpt-4o-mini","y":1.5},{"x":"gpt-4.1","y":8}]""",
            options["series"]![0]!["data"]!.ToJsonString());
    }

    [Fact]
    public void Big_series_are_drawn_without_animation()
    {
        var points = Enumerable.Range(0, 101).Select(i => new ChartPoint(i, i)).ToList();

        Render<ApexChart>(p => p
            .Add(c => c.AnimationPointLimit, 100)
            .Add(c => c.Series, [new ChartSeries("loss", points)]));

        Assert.False((bool)CreateOptions()["chart"]!["animations"]!["enabled"]!);
    }

    [Fact]
    public void New_series_update_the_existing_chart_instead_of_recreating_it()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, Loss));
        IReadOnlyList<ChartSeries> next = [new("train", [new(1, 2.5), new(2, 1.75), new(3, 1.5)])];

        cut.Render(p => p.Add(c => c.Series, next));

        _module.VerifyInvoke("create", calledTimes: 1);
        var update = _module.VerifyInvoke("update");
        Assert.Equal(
            """[{"name":"train","data":[{"x":1,"y":2.5},{"x":2,"y":1.75},{"x":3,"y":1.5}]}]""",
            ToJson(update.Arguments[1]).ToJsonString());
        Assert.Equal(true, update.Arguments[2]);
        _module.VerifyNotInvoke("reconfigure");
    }

    [Fact]
    public void Rerendering_with_the_same_series_does_not_touch_the_chart()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, Loss));

        cut.Render(p => p.Add(c => c.Series, Loss));

        _module.VerifyNotInvoke("update");
        _module.VerifyNotInvoke("reconfigure");
    }

    [Fact]
    public void Switching_to_dark_mode_reconfigures_the_chart_without_resending_data()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, Loss));

        cut.Render(p => p.Add(c => c.Series, Loss).Add(c => c.DarkMode, true));

        var options = ToJson(_module.VerifyInvoke("reconfigure").Arguments[1]);
        Assert.Equal("dark", (string?)options["theme"]!["mode"]);
        Assert.Null(options["series"]);
        _module.VerifyNotInvoke("update");
    }

    [Fact]
    public async Task Appended_points_go_to_their_series_by_index()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, Loss));

        await cut.Instance.AppendAsync([("validation", new ChartPoint(3, 1.5)), ("train", new ChartPoint(3, 1.25))]);

        var append = _module.VerifyInvoke("append");
        Assert.Equal(
            """[{"data":[{"x":3,"y":1.25}]},{"data":[{"x":3,"y":1.5}]}]""",
            ToJson(append.Arguments[1]).ToJsonString());
        _module.VerifyNotInvoke("update");
    }

    [Fact]
    public async Task Appending_to_an_unknown_series_is_rejected()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, Loss));

        await Assert.ThrowsAsync<ArgumentException>(() => cut.Instance.AppendAsync([("test", new ChartPoint(1, 1))]));
        _module.VerifyNotInvoke("append");
    }

    [Fact]
    public async Task First_appended_points_replace_the_empty_state_with_a_chart()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, [new ChartSeries("train", [])]));

        await cut.Instance.AppendAsync([("train", new ChartPoint(1, 2.5))]);

        Assert.DoesNotContain("No data yet", cut.Markup);
        var options = ToJson(_module.VerifyInvoke("create").Arguments[1]);
        Assert.Equal("""[{"name":"train","data":[{"x":1,"y":2.5}]}]""", options["series"]!.ToJsonString());
    }

    [Fact]
    public void Non_finite_values_are_sent_as_gaps()
    {
        Render<ApexChart>(p => p.Add(c => c.Series, [new ChartSeries("loss", [new(1, double.NaN), new(2, 1)])]));

        Assert.Equal("""[{"x":1,"y":null},{"x":2,"y":1}]""", CreateOptions()["series"]![0]!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Disposing_destroys_the_chart()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, Loss));
        var host = cut.Find("[role=img] > div");

        await DisposeComponentsAsync();

        _module.VerifyInvoke("destroy").Arguments[0].ShouldBeElementReferenceTo(host);
    }

    [Fact]
    public async Task Disposing_after_the_circuit_is_gone_does_not_throw()
    {
        _module.SetupVoid("destroy", _ => true).SetException(new JSDisconnectedException("circuit gone"));
        var cut = Render<ApexChart>(p => p.Add(c => c.Series, Loss));

        // Directly, because the renderer would swallow an exception thrown while disposing.
        await cut.Instance.DisposeAsync();

        _module.VerifyInvoke("destroy");
    }

    private JsonNode CreateOptions() => ToJson(_module.VerifyInvoke("create").Arguments[1]);

    private static JsonNode ToJson(object? argument) =>
        JsonSerializer.SerializeToNode(argument, argument!.GetType(), Wire)!;
}
