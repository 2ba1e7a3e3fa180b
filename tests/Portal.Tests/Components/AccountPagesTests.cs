using Bunit;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Components.Pages.Account;
using LabPortal.Portal.Components.Pages.Admin;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LabPortal.Portal.Tests.Components;

public sealed class AccountPagesTests : PageTest
{
    [Fact]
    public void A_new_api_token_is_shown_once_works_and_appears_in_the_list_by_its_prefix_only()
    {
        var page = Render<ApiTokens>();
        Assert.Contains("You have no tokens.", page.Markup);

        page.Find("#token-name").Change("notebook");
        page.Find("[data-testid=issue-token]").Click();

        var token = page.Find("[data-testid=issued-token]").TextContent;
        Assert.Equal(UserName, Lab.Tokens.Authenticate(token)?.UserName);
        Assert.Equal($"curl -H \"Authorization: Bearer {token}\" http://localhost/api/runs", page.Find("[data-testid=token-example]").TextContent);
        var row = page.Find("[data-testid=tokens] tbody tr");
        Assert.Contains("notebook", row.TextContent);
        Assert.DoesNotContain(token, row.TextContent);
    }

    [Fact]
    public void The_new_token_and_its_curl_example_each_copy_exactly_as_shown_and_say_copied()
    {
        var page = Render<ApiTokens>();
        page.Find("[data-testid=issue-token]").Click();
        var token = page.Find("[data-testid=issued-token]").TextContent;

        page.Find("[data-testid=copy-token]").Click();
        page.Find("[data-testid=copy-example]").Click();

        var copied = JSInterop.VerifyInvoke(CopyButton.Function, calledTimes: 2).Select(call => call.Arguments.Single()).ToList();
        Assert.Equal([token, page.Find("[data-testid=token-example]").TextContent], copied);
        Assert.Equal($"curl -H \"Authorization: Bearer {token}\" http://localhost/api/runs", copied[1]);
        // One "Copied" on screen: MudBlazor folds a repeated message into the one still showing.
        Assert.Equal("Copied", Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars).Message);
    }

    [Fact]
    public void Revoking_a_token_from_the_page_stops_it_working()
    {
        var (_, token) = Lab.Tokens.Issue(UserName, "old script");
        var page = Render<ApiTokens>();

        page.FindAll("[data-testid=tokens] button").Single(b => b.TextContent.Contains("Revoke")).Click();

        Assert.Null(Lab.Tokens.Authenticate(token));
        Assert.Contains("revoked", page.Find("[data-testid=tokens] tbody tr").TextContent);
    }

    [Fact]
    public void An_admin_adds_a_member_who_can_then_log_in()
    {
        Auth.SetRoles(UserRoles.Admin);
        var page = Render<Users>();

        page.Find("#new-user-name").Change("frank");
        page.Find("#new-user-password").Change("frank-password");
        page.Find("[data-testid=add-user]").Click();

        Assert.Contains("frank", page.Find("[data-testid=users]").TextContent);
        Assert.Equal(UserRoles.Member, Lab.Accounts.VerifyPassword("frank", "frank-password")?.Role);
    }

    [Fact]
    public void Adding_a_user_with_a_short_password_shows_why_and_adds_no_one()
    {
        Auth.SetRoles(UserRoles.Admin);
        var page = Render<Users>();

        page.Find("#new-user-name").Change("gina");
        page.Find("#new-user-password").Change("short");
        page.Find("[data-testid=add-user]").Click();

        Assert.Contains("at least 8 characters", page.Find("[data-testid=user-error]").TextContent);
        Assert.Null(Lab.Accounts.Find("gina"));
    }

    [Fact]
    public void An_admin_disables_a_member_from_the_page_and_deletes_them_on_a_second_click()
    {
        Auth.SetRoles(UserRoles.Admin);
        Assert.True(Lab.Accounts.CreateUser("hugo", "hugo-password", UserRoles.Member).Succeeded);
        var page = Render<Users>();
        IEnumerable<AngleSharp.Dom.IElement> HugosButtons() =>
            page.FindAll("[data-testid=users] tbody tr").Single(r => r.TextContent.Contains("hugo")).QuerySelectorAll("button");

        HugosButtons().Single(b => b.TextContent.Trim() == "Disable").Click();

        Assert.Null(Lab.Accounts.VerifyPassword("hugo", "hugo-password"));
        Assert.Contains("disabled", page.FindAll("[data-testid=users] tbody tr").Single(r => r.TextContent.Contains("hugo")).TextContent);

        HugosButtons().Single(b => b.TextContent.Trim() == "Delete").Click();
        Assert.NotNull(Lab.Accounts.Find("hugo"));
        HugosButtons().Single(b => b.TextContent.Trim() == "Really delete?").Click();
        Assert.Null(Lab.Accounts.Find("hugo"));
    }
}
