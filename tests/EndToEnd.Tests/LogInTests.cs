using LabPortal.Portal.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person arrives without a session, is asked to log in, and lands where they were going.</summary>
public sealed class LogInTests : PortalBrowserTest
{
    protected override bool LogInFirst => false;

    [Fact]
    public async Task Opening_a_page_without_a_session_asks_for_a_log_in_and_then_shows_that_page_with_the_users_name()
    {
        await Browser.Page.GotoAsync(new Uri(Address, "/agents").ToString());
        await Expect(Browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));

        await Browser.Page.FillAsync("#username", PortalFactory.AdminUserName);
        await Browser.Page.FillAsync("#password", "not the password");
        await Browser.Page.ClickAsync("[data-testid=login]");
        await Expect(Browser.Page.Locator("[data-testid=login-error]")).ToHaveTextAsync("Wrong user name or password.");

        await Browser.Page.FillAsync("#username", PortalFactory.AdminUserName);
        await Browser.Page.FillAsync("#password", PortalFactory.AdminPassword);
        await Browser.Page.ClickAsync("[data-testid=login]");

        await Expect(Browser.Page).ToHaveURLAsync(new Uri(Address, "/agents").ToString());
        await Expect(Browser.Page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync(PortalFactory.AdminUserName);

        await Browser.Page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Browser.Page.ClickAsync("[data-testid=logout]");
        await Expect(Browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }
}
