using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person switches to dark mode and finds it still on after a reload (the browser remembers it).</summary>
public sealed class DarkModeTests : PortalBrowserTest
{
    [Fact]
    public async Task Dark_mode_chosen_in_the_app_bar_is_still_on_after_a_reload()
    {
        var page = Browser.Page;
        await Browser.OpenAsync(new Uri(Address, "/experiments"));
        var toggle = page.Locator("[data-testid=dark-mode]");
        await Expect(toggle).ToHaveAttributeAsync("data-dark", "false", new() { Timeout = 60_000 });

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("data-dark", "true", new() { Timeout = 60_000 });

        await Browser.OpenAsync(new Uri(Address, "/experiments"));
        await Expect(toggle).ToHaveAttributeAsync("data-dark", "true", new() { Timeout = 60_000 });
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual("rgb(255, 255, 255)", background);

        // The page the server sends is already dark, so a reload does not flash light before the circuit starts.
        var served = await (await page.Context.APIRequest.GetAsync(new Uri(Address, "/experiments").ToString())).TextAsync();
        Assert.Contains($"--mud-palette-background: {new MudBlazor.MudTheme().PaletteDark.Background}", served);
    }
}
