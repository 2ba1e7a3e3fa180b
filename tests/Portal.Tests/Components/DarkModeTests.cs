using Bunit;
using LabPortal.Portal.Components.Layout;
using LabPortal.Portal.Tests.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LabPortal.Portal.Tests.Components;

public sealed class DarkModeTests : PageTest
{
    private static readonly string DarkBackground = $"--mud-palette-background: {new MudTheme().PaletteDark.Background}";

    [Fact]
    public void A_browser_that_chose_dark_mode_gets_it_and_the_toggle_switches_back_to_light_and_remembers_that()
    {
        JSInterop.Setup<bool>(MainLayout.IsDarkFunction).SetResult(true);
        var remember = JSInterop.SetupVoid(MainLayout.RememberFunction, _ => true);

        var layout = Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "a page"))));

        layout.WaitForAssertion(() => Assert.Contains(DarkBackground, layout.Markup));
        layout.Find("[data-testid=dark-mode]").Click();

        layout.WaitForAssertion(() => Assert.DoesNotContain(DarkBackground, layout.Markup));
        Assert.Equal(false, Assert.Single(remember.Invocations).Arguments[0]);
    }

    [Fact]
    public void A_browser_whose_cookie_says_dark_is_drawn_dark_before_its_storage_answers()
    {
        JSInterop.Setup<bool>(MainLayout.IsDarkFunction); // never answers during this test

        var layout = Render<MainLayout>(p => p
            .Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "a page")))
            .AddCascadingValue(MainLayout.DarkModeCookie, true));

        Assert.Contains(DarkBackground, layout.Markup);
        Assert.Equal("true", layout.Find("[data-testid=dark-mode]").GetAttribute("data-dark"));
    }
}
