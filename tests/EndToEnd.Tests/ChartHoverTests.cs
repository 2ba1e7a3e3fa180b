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

    [GeneratedRegex(@"\d\.\d{2}")]
    private static partial Regex Loss();
}
