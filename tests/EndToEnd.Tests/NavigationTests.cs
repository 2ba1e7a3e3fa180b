using System.Diagnostics;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person finds every page from the menu, and moves between a run, its experiment and the form by links.</summary>
public sealed class NavigationTests(ITestOutputHelper output) : PortalBrowserTest
{
    private static readonly (string Href, string Title)[] MenuPages =
    [
        ("/runs", "Runs"), ("/history", "History"), ("/experiments", "Experiments"), ("/experiments/new", "New experiment"), ("/queue", "Queue"),
        ("/datasets", "Datasets"), ("/playground", "Playground"), ("/agents", "Agents"), ("/account/tokens", "API tokens"),
        ("/admin/users", "Users"), ("/admin/agent-tokens", "Agent tokens"),
    ];

    [Fact]
    public async Task Every_menu_entry_opens_its_page_and_links_lead_from_a_run_to_its_experiment_and_its_clone_without_an_error()
    {
        var clock = Stopwatch.StartNew();
        var page = Browser.Page;
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        var runId = (await LaunchDemoAsync("links", MethodKind.Lora, 7)).Single();

        foreach (var (href, title) in MenuPages)
        {
            await page.ClickAsync($".mud-nav-link[href='{href}']");
            await Expect(page).ToHaveTitleAsync($"{title} · LabPortal");
        }

        // The launch is listed among the experiments, under the person who made it.
        await page.ClickAsync(".mud-nav-link[href='/experiments']");
        var launched = page.Locator("[data-testid=experiments-table] tr", new() { HasText = "links" });
        await Expect(launched.Locator("[data-testid=person]")).ToHaveTextAsync(PortalFactory.AdminUserName);

        await page.ClickAsync(".mud-nav-link[href='/runs']");
        await page.ClickAsync($"a[href='/runs/{runId}']");
        await Expect(page).ToHaveTitleAsync($"Run {runId} · LabPortal");
        await Expect(page.Locator("[data-state]").First).ToHaveTextAsync("Succeeded", new() { Timeout = 120_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "links", Exact = true }).ClickAsync();
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^Experiment \d+ · LabPortal$"));
        await page.ClickAsync($"a[href='/runs/{runId}']");
        await page.ClickAsync("[data-testid=clone]");
        await Expect(page).ToHaveTitleAsync("New experiment · LabPortal");
        Assert.Equal($"links (clone of #{runId})", await page.InputValueAsync("#name"));

        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.Empty(errors);
        output.WriteLine($"Navigating took {clock.Elapsed.TotalSeconds:0} s.");
    }
}
