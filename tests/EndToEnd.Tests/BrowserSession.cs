using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LabPortal.EndToEnd.Tests;

/// <summary>Debian's chromium, headless, driven by Playwright (which cannot download its own browser here).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<BrowserSession> StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with `apt-get install -y chromium` (bash .ci/run does).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Quiet flags: this machine has no network beyond loopback.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--no-first-run",
                "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        // Playwright's 30 s default is too short on a machine shared with other work (a launch, then the run page,
        // took longer at load 9); a step that never comes still fails, only later.
        page.SetDefaultTimeout(90_000);
        Assertions.SetDefaultExpectTimeout(90_000); // Expect(...) has its own 5 s default, missed at load 12
        return new BrowserSession(playwright, browser, page);
    }

    /// <summary>Opens a page and waits until Blazor's circuit is live (the pre-rendered page ignores clicks).</summary>
    public async Task OpenAsync(Uri address)
    {
        await Page.GotoAsync(address.ToString());
        await Page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Logs in through the log-in page and waits for the page it leads to.</summary>
    public async Task LogInAsync(Uri address, string userName, string password)
    {
        await Page.GotoAsync(new Uri(address, "/login").ToString());
        await Page.FillAsync("#username", userName);
        await Page.FillAsync("#password", password);
        await Page.ClickAsync("[data-testid=login]");
        await Page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Types into a MudBlazor field and leaves it, so the value is committed as a person's would be.</summary>
    public async Task SetFieldAsync(string selector, string value)
    {
        await Page.FillAsync(selector, value);
        await Page.PressAsync(selector, "Tab");
    }

    /// <summary>
    /// Clicks the form's Launch and waits for the page it leads to. The address is polled: Blazor moves there with
    /// pushState, and WaitForURL (which waits for a navigation event and its load) once hung in CI with the browser
    /// already on the run page. When that page never comes, the failure says what the form showed instead.
    /// </summary>
    public async Task LaunchAsync(Regex destination)
    {
        await Page.ClickAsync("[data-testid=launch]");
        try
        {
            await Assertions.Expect(Page).ToHaveURLAsync(destination);
        }
        catch (PlaywrightException timeout)
        {
            var shown = await Page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new TimeoutException($"Launch did not lead to {destination}; the page at {Page.Url} shows:\n{shown}", timeout);
        }
    }

    /// <summary>Opens a MudSelect and clicks the option that starts with <paramref name="optionText"/>.</summary>
    public async Task PickAsync(ILocator select, string optionText)
    {
        await select.ClickAsync();
        var option = Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^\\s*" + Regex.Escape(optionText)) });
        await option.First.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>The MudSelect whose label is <paramref name="label"/>.</summary>
    public ILocator SelectLabelled(string label) =>
        Page.Locator(".mud-input-control.mud-select").Filter(new() { Has = Page.Locator("label", new() { HasTextRegex = new Regex($"^{Regex.Escape(label)}$") }) });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
