using Microsoft.Playwright;
using LabPortal.Shared.Experiments;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person on a 1400 × 900 window reads every page without scrolling the whole page sideways.</summary>
public sealed class WideScreenTests : PortalBrowserTest
{
    [Fact]
    public async Task Every_page_with_finished_runs_fits_a_1400_px_window_without_a_sideways_page_scroll()
    {
        var page = Browser.Page;
        await page.SetViewportSizeAsync(1400, 900);
        var ids = await LaunchDemoAsync("wide check", MethodKind.Lora, 1, 2);
        await Browser.OpenAsync(new Uri(Address, $"/runs/{ids[1]}"));
        await Expect(page.Locator("[data-state]")).ToHaveTextAsync("Succeeded", new() { Timeout = 300_000 });
        var experiment = await page.Locator("[data-testid=run-header] a[href^='/experiments/']").First.GetAttributeAsync("href");

        string[] paths =
        [
            $"/runs/{ids[0]}", $"/compare?runs={ids[0]},{ids[1]}", experiment!, "/experiments", "/history", "/runs", "/queue",
            "/agents", "/datasets", "/experiments/new", "/playground",
        ];
        var tooWide = new List<string>();
        foreach (var path in paths)
        {
            await Browser.OpenAsync(new Uri(Address, path));
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (width > 1400)
            {
                tooWide.Add($"{path}: {width} px");
            }
        }

        Assert.Empty(tooWide);
    }
}
