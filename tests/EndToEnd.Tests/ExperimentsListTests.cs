using System.Text.RegularExpressions;
using LabPortal.Shared.Experiments;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person finds an experiment on the Experiments page and follows it to its table.</summary>
public sealed partial class ExperimentsListTests : PortalBrowserTest
{
    [Fact]
    public async Task A_launched_experiment_is_listed_with_its_runs_done_and_best_row_and_its_name_opens_its_page()
    {
        var page = Browser.Page;
        await LaunchDemoAsync("listed demo", MethodKind.Lora, 1, 2);

        await Browser.OpenAsync(new Uri(Address, "/experiments"));
        var row = page.Locator("[data-testid=experiments-table] tr", new() { Has = page.GetByText("listed demo") });
        await Expect(row.Locator("[data-testid=person]")).ToHaveTextAsync("admin");
        await Expect(row.Locator("[data-testid=seeds]")).ToHaveTextAsync("2");
        // The row follows its runs live, to the end.
        await Expect(row.Locator("[data-testid=done]")).ToHaveTextAsync("2 / 2", new() { Timeout = 300_000 });
        await Expect(row.Locator("[data-testid=best]")).ToHaveTextAsync(Best());

        await row.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "listed demo" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/experiments/\d+$"));
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "listed demo" })).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"^LoRA \d\.\d{3}$")]
    private static partial Regex Best();
}
