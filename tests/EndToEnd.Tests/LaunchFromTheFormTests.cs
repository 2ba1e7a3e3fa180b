using System.Text.RegularExpressions;
using LabPortal.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person opens the portal, launches an experiment from the form and watches it train to the end.</summary>
public sealed partial class LaunchFromTheFormTests : IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveTextOptions RunTimeout = new() { Timeout = 180_000 };

    private readonly PortalFactory _portal = new(localAgents: 1);
    private Uri _address = default!;
    private BrowserSession _browser = default!;

    public async Task InitializeAsync()
    {
        _address = _portal.StartOnKestrel();
        _browser = await BrowserSession.StartAsync();
    }

    [Fact]
    public async Task Launching_the_demo_from_the_form_shows_live_progress_to_100_percent_then_Succeeded_and_the_metrics()
    {
        var page = _browser.Page;

        await _browser.OpenAsync(new Uri(_address, "/agents"));
        await Expect(page.Locator("[data-agent-state=idle]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

        await _browser.OpenAsync(new Uri(_address, "/experiments/new"));
        await page.FillAsync("#name", "browser demo");
        await page.ClickAsync("[data-testid=launch]");

        await page.WaitForURLAsync(RunPage());
        var percent = page.Locator("[data-testid=percent]");
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
        var page = _browser.Page;
        await _browser.OpenAsync(new Uri(_address, "/experiments/new"));

        await page.FillAsync("#name", "bad file");
        await page.FillAsync("#train-file", "data/demo/nowhere.tsv");
        await page.ClickAsync("[data-testid=launch]");

        await Expect(page.GetByText("The training file 'data/demo/nowhere.tsv' does not exist.")).ToBeVisibleAsync();
        Assert.EndsWith("/experiments/new", page.Url);
    }

    [GeneratedRegex(@"/runs/\d+$")]
    private static partial Regex RunPage();

    [GeneratedRegex(@"^-?\d\.\d{4}$")]
    private static partial Regex Number();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _portal.DisposeAsync();
    }
}
