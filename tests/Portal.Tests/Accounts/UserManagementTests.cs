using System.Net;
using System.Net.Http.Json;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Accounts;

/// <summary>Admins disable, delete and reset people and revoke their tokens; people change their own password.</summary>
public sealed class UserManagementTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    private AccountService Accounts => (AccountService)_portal.Services.GetService(typeof(AccountService))!;

    [Fact]
    public async Task A_disabled_persons_api_token_stops_working_at_once_and_works_again_when_re_enabled()
    {
        using var member = _portal.CreateClientAs("erin", UserRoles.Member);
        using var admin = _portal.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/users/erin/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/me")).StatusCode);
        Assert.Null(Accounts.VerifyPassword("erin", "erin-password"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("/api/users/erin/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task An_admin_revokes_every_token_of_a_person_who_keeps_their_account()
    {
        using var member = _portal.CreateClientAs("finn", UserRoles.Member);
        _portal.IssueToken("finn");
        using var admin = _portal.CreateClient();

        var revoked = await (await admin.DeleteAsync("/api/users/finn/tokens")).Content.ReadFromJsonAsync<RevokedCount>();

        Assert.Equal(2, revoked!.Revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/me")).StatusCode);
        Assert.NotNull(Accounts.VerifyPassword("finn", "finn-password"));
    }

    [Fact]
    public async Task A_deleted_person_is_gone_and_the_only_admin_can_be_neither_deleted_nor_disabled()
    {
        using var member = _portal.CreateClientAs("gale", UserRoles.Member);
        using var admin = _portal.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/users/gale")).StatusCode);
        Assert.Null(Accounts.Find("gale"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/me")).StatusCode);

        using var deleteSelf = await admin.DeleteAsync($"/api/users/{PortalFactory.AdminUserName}");
        using var disableSelf = await admin.PostAsync($"/api/users/{PortalFactory.AdminUserName}/disable", null);
        Assert.Equal(HttpStatusCode.BadRequest, deleteSelf.StatusCode);
        Assert.Contains("only active admin", await disableSelf.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_person_changes_their_password_only_with_the_current_one_and_an_admin_can_reset_it()
    {
        using var member = _portal.CreateClientAs("hana", UserRoles.Member);
        using var admin = _portal.CreateClient();

        using var wrong = await member.PostAsJsonAsync("/api/me/password", new { CurrentPassword = "guess", NewPassword = "a-new-password" });
        using var right = await member.PostAsJsonAsync("/api/me/password", new { CurrentPassword = "hana-password", NewPassword = "a-new-password" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        Assert.NotNull(Accounts.VerifyPassword("hana", "a-new-password"));
        Assert.Null(Accounts.VerifyPassword("hana", "hana-password"));

        using var reset = await admin.PutAsJsonAsync("/api/users/hana/password", new { Password = "short" });
        Assert.Contains("at least 8 characters", await reset.Content.ReadAsStringAsync());
        using var resetOk = await admin.PutAsJsonAsync("/api/users/hana/password", new { Password = "reset-by-admin" });
        Assert.NotNull(Accounts.VerifyPassword("hana", "reset-by-admin"));
    }

    [Fact]
    public async Task A_member_cannot_manage_other_people()
    {
        using var member = _portal.CreateClientAs("ivan", UserRoles.Member);
        _portal.CreateClientAs("jade", UserRoles.Member).Dispose();

        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync("/api/users/jade/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync("/api/users/jade")).StatusCode);
    }

    [Fact]
    public void An_open_circuit_of_a_person_later_disabled_or_demoted_fails_its_next_revalidation()
    {
        Assert.True(Accounts.CreateUser("kai", "kai-password", UserRoles.Admin).Succeeded);
        using var scope = _portal.Services.CreateScope();
        var revalidation = Assert.IsType<CircuitRevalidation>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        var asAdmin = LabAuthentication.PrincipalFor(Accounts.Find("kai")!, "Cookies");

        Assert.True(revalidation.StillValid(asAdmin));
        Accounts.SetRole("kai", UserRoles.Member);
        Assert.False(revalidation.StillValid(asAdmin));

        var asMember = LabAuthentication.PrincipalFor(Accounts.Find("kai")!, "Cookies");
        Accounts.SetDisabled("kai", disabled: true);
        Assert.False(revalidation.StillValid(asMember));
    }

    private sealed record RevokedCount(int Revoked);

    public void Dispose() => _portal.Dispose();
}
