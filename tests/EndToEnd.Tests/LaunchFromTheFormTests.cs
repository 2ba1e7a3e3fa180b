using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person opens the portal, launches an experiment from the form and watches it train to the end.</summary>
public sealed partial class LaunchFromTheFormTests : PortalBrowserTest
{
    private static readonly LocatorAssertionsToHaveTextOptions RunTimeout = new() { Timeout = 180_000 };

    [Fact]
    public async Task Launching_the_demo_from_the_form_shows_live_progress_to_100_percent_then_Succeeded_and_the_metrics()
    {
        var page = Browser.Page;

        await Browser.OpenAsync(new Uri(Address, "/agents"));
        await Expect(page.Locator("[data-agent-state=idle]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

        await Browser.OpenAsync(new Uri(Address, "/experiments/new"));
        await Browser.SetFieldAsync("#name", "browser demo");
        await Browser.LaunchAsync(RunPage());
        var percent = page.Locator("[data-testid=percent]");
        // Part-way first (the page follows the run live, with no reload), then complete.
        await Expect(percent).ToHaveTextAsync(PartWay(), RunTimeout);
        await Expect(percent).ToHaveTextAsync("100%", RunTimeout);
        await Expect(page.Locator("[data-state]")).ToHaveTextAsync("Succeeded", RunTimeout);

        foreach (var metric in new[] { "accuracy", "f1", "mcc" })
        {
            await Expect(page.Locator($"[data-metric={metric}]")).ToHaveTextAsync(Number());
        }
    }

    [Fact]
    public async Task The_form_marks_a_bad_field_and_launches_nothing()
    {
        var page = Browser.Page;
        await Browser.OpenAsync(new Uri(Address, "/experiments/new"));

        await page.FillAsync("#name", "bad file");
        await page.FillAsync("#train-file", "data/demo/nowhere.tsv");
        await page.ClickAsync("[data-testid=launch]");

        // At the field, and again in the list of problems beside Launch.
        await Expect(page.GetByText("The training file 'data/demo/nowhere.tsv' does not exist.")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=form-problems]")).ToContainTextAsync("The training file 'data/demo/nowhere.tsv' does not exist.");
        Assert.EndsWith("/experiments/new", page.Url);
    }

    [GeneratedRegex(@"/runs/\d+$")]
    private static partial Regex RunPage();

    [GeneratedRegex(@"^[1-9]\d?%$")]
    private static partial Regex PartWay();

    [GeneratedRegex(@"^-?\d\.\d{4}$")]
    private static partial Regex Number();
}
