using System.Diagnostics;
using System.Text.RegularExpressions;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person looks back over finished runs: narrows the history and compares two runs side by side.</summary>
public sealed partial class HistoryAndCompareTests(ITestOutputHelper output) : PortalBrowserTest
{
    private static readonly LocatorAssertionsToHaveTextOptions Training = new() { Timeout = 120_000 };

    [Fact]
    public async Task Two_finished_runs_picked_on_history_compare_side_by_side_with_the_seed_as_their_only_difference()
    {
        var clock = Stopwatch.StartNew();
        var page = Browser.Page;
        var ids = await LaunchDemoAsync("seed pair", MethodKind.Lora, 1, 2);

        await page.ClickAsync(".mud-nav-link[href='/history']");
        foreach (var id in ids)
        {
            await Expect(Row(id).Locator("[data-state]")).ToHaveTextAsync("Succeeded", Training);
        }

        await Expect(page.Locator("[data-testid=compare-selected]")).ToContainTextAsync("(0)");
        foreach (var id in ids)
        {
            await page.Locator($"input[data-select='{id}']").CheckAsync();
        }

        await Expect(page.Locator("[data-testid=compare-selected]")).ToContainTextAsync("(2)");
        await page.ClickAsync("[data-testid=compare-selected]");
        await Expect(page).ToHaveURLAsync(new Uri(Address, $"/compare?runs={ids[0]},{ids[1]}").ToString());

        foreach (var id in ids)
        {
            var metrics = page.Locator($"[data-testid=compare-metrics] tr[data-run='{id}']");
            foreach (var metric in new[] { "accuracy", "f1", "mcc" })
            {
                await Expect(metrics.Locator($"[data-metric={metric}]")).ToHaveTextAsync(Number());
            }
        }

        var differing = page.Locator("[data-testid=config-diff] tr[data-field]");
        await Expect(differing).ToHaveCountAsync(1);
        await Expect(differing.Locator("td")).ToHaveTextAsync(["seed", "1", "2"]);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=compare-csv]"));
        var rows = CsvReader.Records(await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Equal(2, rows.Count);
        output.WriteLine($"Comparing took {clock.Elapsed.TotalSeconds:0} s.");
    }

    [Fact]
    public async Task Filtering_history_by_method_or_by_state_narrows_the_list_to_the_matching_runs_and_the_filter_survives_a_reload()
    {
        var clock = Stopwatch.StartNew();
        var page = Browser.Page;
        var full = await LaunchDemoAsync("full runs", MethodKind.Full, 1, 2, 3);
        var headOnly = await LaunchDemoAsync("head runs", MethodKind.HeadOnly, 3);
        using (var client = CreateApiClient())
        {
            // The last full run is still waiting behind the others, so it is canceled before it can finish.
            (await client.PostAsync($"/api/runs/{full[2]}/cancel", null)).EnsureSuccessStatusCode();
        }

        await page.ClickAsync(".mud-nav-link[href='/history']");
        var total = page.Locator("[data-testid=total]");
        await Expect(total).ToHaveTextAsync("4 run(s)");

        await Browser.PickAsync(Browser.SelectLabelled("Method"), "head-only");
        await Expect(total).ToHaveTextAsync("1 run(s)");
        await Expect(page.Locator("td[data-run]")).ToHaveTextAsync([$"#{headOnly[0]}"]);

        await Browser.OpenAsync(new Uri(Address, "/history"));
        await Expect(total).ToHaveTextAsync("4 run(s)");
        await Browser.PickAsync(Browser.SelectLabelled("State"), "Canceled");
        await Expect(total).ToHaveTextAsync("1 run(s)");
        await Expect(page.Locator("td[data-run]")).ToHaveTextAsync([$"#{full[2]}"]);
        await Expect(Row(full[2]).Locator("[data-state]")).ToHaveTextAsync("Canceled");

        // The filter lives in the address: reloading it (or sharing it) shows the same view.
        await Expect(page).ToHaveURLAsync(new Regex("/history\\?.*state=Canceled"));
        await page.ReloadAsync();
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(total).ToHaveTextAsync("1 run(s)");
        await Expect(page.Locator("td[data-run]")).ToHaveTextAsync([$"#{full[2]}"]);
        output.WriteLine($"Filtering took {clock.Elapsed.TotalSeconds:0} s.");
    }

    private ILocator Row(int runId) => Browser.Page.Locator("tr").Filter(new() { Has = Browser.Page.Locator($"td[data-run='{runId}']") });

    [GeneratedRegex(@"^-?\d\.\d{4}$")]
    private static partial Regex Number();
}
