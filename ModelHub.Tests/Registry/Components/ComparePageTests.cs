using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;
using ModelHub.Web.Components.Pages.Models;

namespace ModelHub.Tests.Registry.Components;

public sealed class ComparePageTests : SignedInComponentTest
{
    private const string ModulePath = "./Components/Shared/Charts/ApexChart.razor.js";

    [Fact]
    public async Task Compare_draws_one_series_per_selected_version_with_downsampled_points()
    {
        await RegistrySeeder.AddVersionAsync(Services, "sentiment", UserId, steps: 5000);
        await RegistrySeeder.AddVersionAsync(Services, "sentiment", UserId, steps: 60, lossScale: 1.5, epochs: 5);
        await RegistrySeeder.AddVersionAsync(Services, "summarizer", UserId, steps: 120);
        var module = JSInterop.SetupModule(ModulePath);

        var cut = RenderCompare("sentiment:1", "sentiment:2", "summarizer:1");

        cut.WaitForAssertion(() => Assert.Equal(5, module.Invocations["create"].Count), TimeSpan.FromSeconds(10));
        var lineCharts = cut.FindAll("[data-testid=compare-chart]");
        Assert.Equal(CompareVersions.ChartedMetrics.ToArray(), lineCharts.Select(c => c.GetAttribute("data-metric") ?? "").ToArray());

        foreach (var create in module.Invocations["create"].Take(4))
        {
            var series = Options(create.Arguments[1])["series"]!.AsArray();
            Assert.Equal(["sentiment v1", "sentiment v2", "summarizer v1"], series.Select(s => (string)s!["name"]!).ToArray());
            var counts = series.Select(s => s!["data"]!.AsArray().Count).ToArray();
            Assert.Equal([CompareVersions.MaxPointsPerSeries, 60, 120], counts);
            // The long run is downsampled but keeps its first and last step.
            var longRun = series[0]!["data"]!.AsArray();
            Assert.Equal(1, (double)longRun[0]!["x"]!);
            Assert.Equal(5000, (double)longRun[^1]!["x"]!);
        }

        var bars = Options(module.Invocations["create"][4].Arguments[1]);
        Assert.Equal(3, bars["series"]!.AsArray().Count);
        var rows = cut.FindAll("[data-testid=compare-parameters] tbody tr").ToDictionary(r => r.QuerySelector("td")!.TextContent, r => r.GetAttribute("data-differs"));
        Assert.Equal("true", rows["Epochs"]);
        Assert.Equal("false", rows["Base model"]);
    }

    [Theory]
    [InlineData(new[] { "sentiment:1" }, "Pick between 2 and 6")]
    [InlineData(new[] { "sentiment:1", "sentiment:9" }, "There is no version 9 of model 'sentiment'.")]
    [InlineData(new[] { "sentiment", "sentiment:1" }, "is not a version")]
    public async Task Too_few_unknown_or_malformed_versions_get_an_honest_message(string[] v, string expected)
    {
        await RegistrySeeder.AddVersionAsync(Services, "sentiment", UserId, steps: 10);
        JSInterop.SetupModule(ModulePath);

        var cut = RenderCompare(v);

        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Find("[data-testid=compare-message]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=compare-chart]"));
    }

    // The page reads its versions from the query string, as a shared link opens it.
    private IRenderedComponent<Compare> RenderCompare(params string[] versions)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/compare?" + string.Join("&", versions.Select(v => "v=" + Uri.EscapeDataString(v))));
        return Render<Compare>();
    }

    private static JsonNode Options(object? argument) =>
        JsonSerializer.SerializeToNode(argument, argument!.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
}
