using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Accounts;

/// <summary>What an admin does to other people's accounts, and what a person does to their own password.</summary>
public sealed partial class AccountService
{
    /// <summary>Disables or re-enables a person; the last active admin cannot be disabled.</summary>
    public AccountResult SetDisabled(string userName, bool disabled) => Change(userName, user =>
    {
        if (disabled && IsLastActiveAdmin(user))
        {
            return AccountResult.Refused($"'{user.UserName}' is the only active admin; make someone else admin first.");
        }

        user.Disabled = disabled;
        db.Users.Update(user);
        return AccountResult.Ok;
    });

    /// <summary>Deletes a person (their runs keep their name); the last active admin cannot be deleted.</summary>
    public AccountResult Delete(string userName) => Change(userName, user =>
    {
        if (IsLastActiveAdmin(user))
        {
            return AccountResult.Refused($"'{user.UserName}' is the only active admin; make someone else admin first.");
        }

        db.Users.Delete(user.Id);
        return AccountResult.Ok;
    });

    /// <summary>A person changes their own password, proving they know the current one.</summary>
    public AccountResult ChangePassword(string userName, string currentPassword, string newPassword)
    {
        if (VerifyPassword(userName, currentPassword) is null)
        {
            return AccountResult.Refused("The current password is wrong.");
        }

        return SetPassword(userName, newPassword);
    }

    /// <summary>Sets a new password (an admin resetting someone's, or after <see cref="ChangePassword"/> checked the old one).</summary>
    public AccountResult SetPassword(string userName, string newPassword)
    {
        if (PasswordProblem(newPassword) is { } problem)
        {
            return AccountResult.Refused(problem);
        }

        return Change(userName, user =>
        {
            user.PasswordHash = _hasher.HashPassword(user, newPassword);
            db.Users.Update(user);
            return AccountResult.Ok;
        });
    }

    private AccountResult Change(string userName, Func<UserRecord, AccountResult> change)
    {
        lock (_gate)
        {
            return Find(userName) is { } user ? change(user) : AccountResult.Refused($"There is no user '{userName}'.");
        }
    }

    private bool IsLastActiveAdmin(UserRecord user) =>
        user is { Role: UserRoles.Admin, Disabled: false } && db.Users.Count(u => u.Role == UserRoles.Admin && !u.Disabled) == 1;
}
