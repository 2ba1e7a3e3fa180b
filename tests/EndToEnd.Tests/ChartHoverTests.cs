using System.Text.RegularExpressions;
using LabPortal.Shared.Experiments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person reads a finished run's curves by pointing at them.</summary>
public sealed partial class ChartHoverTests : PortalBrowserTest
{
    [Fact]
    public async Task Hovering_the_loss_chart_of_a_finished_run_shows_the_step_and_the_loss_there()
    {
        var page = Browser.Page;
        var runId = (await LaunchDemoAsync("hover demo", MethodKind.Lora, 1)).Single();

        await Browser.OpenAsync(new Uri(Address, $"/runs/{runId}"));
        await Expect(page.Locator("[data-state]")).ToHaveTextAsync("Succeeded", new() { Timeout = 300_000 });
        var chart = page.Locator("[data-testid=line-chart]").First;
        // plotly.js draws the plot area once its script has loaded; the pointer then rests in the middle of it.
        var plotArea = chart.Locator(".nsewdrag");
        await Expect(plotArea).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var box = (await plotArea.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 3, box.Y + box.Height / 2);
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2, new() { Steps = 5 });

        var hover = chart.Locator(".hoverlayer");
        await Expect(hover).ToContainTextAsync(new Regex(@"step \d+"), new() { Timeout = 30_000 });
        await Expect(hover).ToContainTextAsync("training loss");
        await Expect(hover).ToContainTextAsync(Loss());
    }

    [Fact]
    public async Task Hovering_a_bar_of_an_experiments_chart_shows_the_row_its_mean_and_spread_and_its_seed_count()
    {
        var page = Browser.Page;
        await page.SetViewportSizeAsync(1400, 900);
        // Two seeds, so the bar has a ± to show.
        var runIds = await LaunchDemoAsync("bar hover demo", MethodKind.Lora, 1, 2);

        await Browser.OpenAsync(new Uri(Address, $"/runs/{runIds[1]}"));
        await Expect(page.Locator("[data-state]")).ToHaveTextAsync("Succeeded", new() { Timeout = 300_000 });
        await page.Locator("[data-testid=run-header] a[href^='/experiments/']").First.ClickAsync();
        var bar = page.Locator("[data-testid=headline-chart] [data-testid=bar-chart] .trace.bars .point").First;
        await Expect(bar).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var variant = await page.Locator("[data-testid=headline-chart] li[data-bar]").First.GetAttributeAsync("data-bar");
        var box = (await bar.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height * 0.9f);
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height * 0.7f, new() { Steps = 5 });

        var hover = page.Locator("[data-testid=headline-chart] .hoverlayer");
        await Expect(hover).ToContainTextAsync(variant!, new() { Timeout = 30_000 });
        await Expect(hover).ToContainTextAsync(MeanAndSpread());
        await Expect(hover).ToContainTextAsync("over 2 seeds");
    }

    [GeneratedRegex(@"Accuracy \d\.\d{3} ± \d\.\d{3}")]
    private static partial Regex MeanAndSpread();

    [GeneratedRegex(@"\d\.\d{2}")]
    private static partial Regex Loss();
}
