using LabPortal.Portal.Accounts;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Accounts;

public sealed class AccountServiceTests : IDisposable
{
    private readonly TestLab _lab = new();

    private AccountService Accounts => _lab.Accounts;

    [Fact]
    public void A_created_user_logs_in_with_the_password_and_the_database_holds_only_its_hash()
    {
        Assert.True(Accounts.CreateUser("alice", "correct horse", UserRoles.Member).Succeeded);

        Assert.Equal("alice", Accounts.VerifyPassword("alice", "correct horse")?.UserName);
        var stored = _lab.Database.Users.FindAll().Single();
        Assert.DoesNotContain("correct horse", stored.PasswordHash);
        Assert.NotEmpty(stored.PasswordHash);
    }

    [Fact]
    public void A_wrong_password_and_an_unknown_user_are_both_refused()
    {
        Accounts.CreateUser("alice", "correct horse", UserRoles.Member);

        Assert.Null(Accounts.VerifyPassword("alice", "wrong horse"));
        Assert.Null(Accounts.VerifyPassword("bob", "correct horse"));
        Assert.Null(Accounts.VerifyPassword("alice", ""));
    }

    [Fact]
    public void User_names_are_matched_without_regard_to_case_and_cannot_be_taken_twice()
    {
        Accounts.CreateUser("Alice", "correct horse", UserRoles.Member);

        Assert.NotNull(Accounts.VerifyPassword("ALICE", "correct horse"));
        var again = Accounts.CreateUser("alice", "another pass", UserRoles.Admin);
        Assert.Equal("The user name 'alice' is taken.", again.Error);
    }

    [Theory]
    [InlineData("", "long enough", "member", "user name")]
    [InlineData("has space", "long enough", "member", "user name")]
    [InlineData("carol", "short", "member", "at least 8 characters")]
    [InlineData("carol", "long enough", "owner", "Role 'owner'")]
    public void Bad_account_fields_are_refused_with_a_message_naming_the_field(string name, string password, string role, string expected)
    {
        var result = Accounts.CreateUser(name, password, role);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
        Assert.Equal(0, _lab.Database.Users.Count());
    }

    [Fact]
    public void The_first_admin_can_be_created_once_and_later_set_up_attempts_are_refused()
    {
        Assert.True(Accounts.CreateFirstAdmin("root", "first password").Succeeded);

        var second = Accounts.CreateFirstAdmin("mallory", "second password");

        Assert.False(second.Succeeded);
        Assert.Equal(UserRoles.Admin, Accounts.Find("root")?.Role);
        Assert.Null(Accounts.Find("mallory"));
    }

    [Fact]
    public void The_only_admin_cannot_be_made_a_member_but_can_once_there_is_another_admin()
    {
        Accounts.CreateUser("root", "first password", UserRoles.Admin);

        Assert.Contains("only admin", Accounts.SetRole("root", UserRoles.Member).Error);

        Accounts.CreateUser("ops", "second password", UserRoles.Admin);
        Assert.True(Accounts.SetRole("root", UserRoles.Member).Succeeded);
        Assert.Equal(UserRoles.Member, Accounts.Find("root")?.Role);
    }

    [Fact]
    public void A_personal_token_authenticates_its_owner_until_it_is_revoked_and_only_its_hash_is_stored()
    {
        Accounts.CreateUser("alice", "correct horse", UserRoles.Member);
        var (record, token) = _lab.Tokens.Issue("alice", "scripts");

        Assert.StartsWith(ApiTokenService.TokenPrefix, token);
        Assert.Equal("alice", _lab.Tokens.Authenticate(token)?.UserName);
        Assert.DoesNotContain(_lab.Database.ApiTokens.FindAll(), t => t.TokenHash.Contains(token[3..]));

        Assert.False(_lab.Tokens.Revoke(record.Id, "bob"));
        Assert.True(_lab.Tokens.Revoke(record.Id, "alice"));
        Assert.Null(_lab.Tokens.Authenticate(token));
    }

    public void Dispose() => _lab.Dispose();
}
