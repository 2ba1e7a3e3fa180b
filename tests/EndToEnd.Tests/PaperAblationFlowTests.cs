using System.Diagnostics;
using System.Text.RegularExpressions;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>
/// The issue's "done when": a person logs in, launches the paper ablation from the form, watches the queue work
/// through it, reads the finished table and downloads it as CSV.
/// </summary>
public sealed partial class PaperAblationFlowTests(ITestOutputHelper output) : PortalBrowserTest
{
    private static readonly string[] Variants =
        [VariantGenerator.Ours, VariantGenerator.WithoutAdaptiveRates, VariantGenerator.WithoutLowRankInit, VariantGenerator.PlainLora];

    protected override bool LogInFirst => false;

    [Fact]
    public async Task A_person_logs_in_launches_the_paper_ablation_watches_the_queue_and_downloads_the_finished_table_as_csv()
    {
        var clock = Stopwatch.StartNew();
        var page = Browser.Page;
        await Browser.LogInAsync(Address, PortalFactory.AdminUserName, PortalFactory.AdminPassword);
        await Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync(PortalFactory.AdminUserName);

        await page.ClickAsync(".mud-nav-link[href='/experiments/new']");
        await Expect(page).ToHaveURLAsync(new Uri(Address, "/experiments/new").ToString());
        await Browser.SetFieldAsync("#name", "paper ablation");
        await Browser.PickAsync(page.Locator("[data-testid=preset]"), "Paper ablation");
        // Short training, so twelve tiny runs finish on two shared cores; the preset itself is untouched.
        await Browser.SetFieldAsync("#seeds", "42, 43, 44");
        await Browser.SetFieldAsync("#epochs", "1");
        await Browser.SetFieldAsync("#batch-size", "32");
        await Browser.SetFieldAsync("#max-length", "32");
        Assert.Equal("tiny", await page.InputValueAsync("#model"));
        Assert.Equal("data/demo/train.tsv", await page.InputValueAsync("#train-file"));
        await Expect(page.Locator("[data-testid=run-count]")).ToHaveTextAsync("12 run(s)");

        await Browser.LaunchAsync(ExperimentPage());
        var experimentAddress = page.Url;

        // The queue, live: one run on the agent while the others wait their turn.
        await page.ClickAsync(".mud-nav-link[href='/queue']");
        await Expect(page.Locator("[data-state=Running]").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-state=Queued]").First).ToBeVisibleAsync();
        await Expect(page.GetByText("paper ablation").First).ToBeVisibleAsync();

        // From the queue to the experiment, which fills its table as the seeds finish.
        await page.Locator("[data-testid=queue-experiment]").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(experimentAddress);
        foreach (var variant in Variants)
        {
            var row = page.Locator($"tr[data-variant='{variant}'][data-reported='false']");
            await Expect(row).ToContainTextAsync("3 / 3", new() { Timeout = 170_000 });
            await Expect(row.Locator("[data-metric=accuracy]")).ToHaveTextAsync(MeanAndSpread());
            await Expect(row.Locator("[data-metric=f1]")).ToHaveTextAsync(MeanAndSpread());
            await Expect(page.Locator($"tr[data-variant='{variant}'][data-reported='true']")).ToContainTextAsync("(reported)");
        }

        // Each row is tested against plain LoRA, the baseline, whose own cell stays empty.
        await Expect(page.Locator("[data-testid=test-heading]")).ToContainTextAsync($"vs {VariantGenerator.PlainLora}");
        foreach (var variant in Variants.SkipLast(1))
        {
            await Expect(page.Locator($"tr[data-variant='{variant}'][data-reported='false'] [data-testid=significance]")).ToHaveTextAsync(McNemar());
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=table-csv]"));
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        var header = CsvReader.Rows(csv)[0];
        Assert.Equal(["variant", "reported", "seeds_done", "seeds_total", "accuracy_mean", "accuracy_std"], header.Take(6));
        var measured = CsvReader.Records(csv).Where(r => r["reported"] == "false").ToList();
        Assert.Equal(Variants, measured.Select(r => r["variant"]));
        Assert.All(measured, row =>
        {
            Assert.Equal("3", row["seeds_done"]);
            Assert.InRange(double.Parse(row["accuracy_mean"], System.Globalization.CultureInfo.InvariantCulture), 0, 1);
        });
        Assert.Equal(Variants, CsvReader.Records(csv).Where(r => r["reported"] == "true").Select(r => r["variant"]));

        // Every run has ended, so the queue shows nothing waiting.
        await page.ClickAsync(".mud-nav-link[href='/queue']");
        await Expect(page.Locator("[data-testid=queue-empty]")).ToBeVisibleAsync();
        output.WriteLine($"The whole flow took {clock.Elapsed.TotalSeconds:0} s.");
    }

    [GeneratedRegex(@"/experiments/\d+$")]
    private static partial Regex ExperimentPage();

    [GeneratedRegex(@"^\d\.\d{3} ± \d\.\d{3}$")]
    private static partial Regex MeanAndSpread();

    // For example "better · p 7.031e-2 (7 / 1)": the direction, the p-value (starred below 0.05), then the pairs only this
    // row got right / only the baseline got right.
    [GeneratedRegex(@"^(better|worse|level) · p \d(\.\d+)?e[+-]\d+( \*)? \(\d+ / \d+\)$")]
    private static partial Regex McNemar();
}
