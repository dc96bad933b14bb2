using System.Text.Json;
using Microsoft.Playwright;

namespace ModelHub.Tests.Support;

/// <summary>axe-core (pinned in wwwroot-assets/package.json, injected unmodified) and keyboard-only steps for browser tests.</summary>
public static class Accessibility
{
    private static readonly Lazy<string> AxeScript = new(() =>
    {
        var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "wwwroot-assets", "node_modules", "axe-core", "axe.min.js"));
        return File.Exists(path) ? File.ReadAllText(path) : throw new InvalidOperationException($"{path} is missing: build ModelHub.Web once, which runs npm ci in wwwroot-assets.");
    });

    /// <summary>Runs axe on the page as it is now and returns its serious and critical violations, one readable line each.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(this IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Content = AxeScript.Value });
        }

        var json = await page.EvaluateAsync<string>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')) })));
            }
            """);
        var path = new Uri(page.Url).PathAndQuery;
        return [.. JsonSerializer.Deserialize<List<Violation>>(json, JsonSerializerOptions.Web)!
            .Select(v => $"{path}: [{v.Impact}] {v.Id} — {v.Help} — {string.Join(" | ", v.Targets)}")];
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has the focus; fails when it is not reached.</summary>
    public static async Task TabToAsync(this IPage page, string selector, int maxTabs = 60)
    {
        for (var i = 0; i < maxTabs; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"'{selector}' on {page.Url} was not reached with {maxTabs} presses of Tab.");
    }

    private sealed record Violation(string Id, string Impact, string Help, List<string> Targets);
}
