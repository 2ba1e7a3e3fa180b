using System.Text.RegularExpressions;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using Microsoft.AspNetCore.Identity;

namespace LabPortal.Portal.Accounts;

/// <summary>People's accounts: creation, passwords (hashed with ASP.NET Core's PasswordHasher) and roles.</summary>
public sealed partial class AccountService(LabDatabase db, TimeProvider clock)
{
    public const int MinimumPasswordLength = 8;

    private readonly PasswordHasher<UserRecord> _hasher = new();
    private readonly Lock _gate = new();

    private static readonly UserRecord NoOne = new();

    private readonly Lazy<string> _noOnesHash = new(() => new PasswordHasher<UserRecord>().HashPassword(NoOne, Guid.NewGuid().ToString()));

    public bool HasUsers => db.Users.Count() > 0;

    public UserRecord? Find(string userName) => db.Users.FindOne(u => u.UserName == Normalize(userName));

    /// <summary>The user if they exist and are not disabled: the only ones a session, token or log-in may act as.</summary>
    public UserRecord? FindActive(string userName) => Find(userName) is { Disabled: false } user ? user : null;

    public IReadOnlyList<UserRecord> List() => db.Users.Query().OrderBy(u => u.UserName).ToList();

    /// <summary>Creates the first admin; refused once anyone has an account (the one-time set-up).</summary>
    public AccountResult CreateFirstAdmin(string userName, string password)
    {
        lock (_gate)
        {
            return HasUsers
                ? AccountResult.Refused("The portal is already set up; ask an admin for an account.")
                : CreateLocked(userName, password, UserRoles.Admin);
        }
    }

    /// <summary>Creates the configured admin (Lab:AdminUserName / Lab:AdminPassword) unless that user exists.</summary>
    public void CreateConfiguredAdmin(LabOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.AdminUserName) || Find(options.AdminUserName) is not null)
        {
            return;
        }

        var result = CreateUser(options.AdminUserName, options.AdminPassword, UserRoles.Admin);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Lab:AdminUserName / Lab:AdminPassword: {result.Error}");
        }
    }

    public AccountResult CreateUser(string userName, string password, string role)
    {
        lock (_gate)
        {
            return CreateLocked(userName, password, role);
        }
    }

    /// <summary>The user whose password this is, or null (unknown name and wrong password look the same).</summary>
    public UserRecord? VerifyPassword(string userName, string password)
    {
        var user = FindActive(userName);
        if (user is null || string.IsNullOrEmpty(password))
        {
            // The same hashing work as for a real account, so the answer's timing does not tell which names exist.
            _hasher.VerifyHashedPassword(NoOne, _noOnesHash.Value, password ?? "");
            return null;
        }

        var outcome = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (outcome == PasswordVerificationResult.Failed)
        {
            return null;
        }

        lock (_gate)
        {
            if (outcome == PasswordVerificationResult.SuccessRehashNeeded)
            {
                user.PasswordHash = _hasher.HashPassword(user, password);
            }

            user.LastLogin = clock.GetUtcNow().UtcDateTime;
            db.Users.Update(user);
        }

        return user;
    }

    /// <summary>Changes a role; the last admin cannot be demoted, so someone can always manage the portal.</summary>
    public AccountResult SetRole(string userName, string role)
    {
        if (!UserRoles.IsPersonRole(role))
        {
            return AccountResult.Refused($"Role '{role}' is not one of: {UserRoles.Admin}, {UserRoles.Member}.");
        }

        lock (_gate)
        {
            var user = Find(userName);
            if (user is null)
            {
                return AccountResult.Refused($"There is no user '{userName}'.");
            }

            if (user.Role == UserRoles.Admin && role != UserRoles.Admin && db.Users.Count(u => u.Role == UserRoles.Admin) == 1)
            {
                return AccountResult.Refused($"'{user.UserName}' is the only admin; make someone else admin first.");
            }

            user.Role = role;
            db.Users.Update(user);
            return AccountResult.Ok;
        }
    }

    private AccountResult CreateLocked(string userName, string password, string role)
    {
        var name = Normalize(userName);
        if (!UserNamePattern().IsMatch(name))
        {
            return AccountResult.Refused("The user name must be 1–64 letters, digits, '.', '_' or '-'.");
        }

        if (PasswordProblem(password) is { } problem)
        {
            return AccountResult.Refused(problem);
        }

        if (!UserRoles.IsPersonRole(role))
        {
            return AccountResult.Refused($"Role '{role}' is not one of: {UserRoles.Admin}, {UserRoles.Member}.");
        }

        if (Find(name) is not null)
        {
            return AccountResult.Refused($"The user name '{name}' is taken.");
        }

        var user = new UserRecord { UserName = name, Role = role, CreatedAt = clock.GetUtcNow().UtcDateTime };
        user.PasswordHash = _hasher.HashPassword(user, password);
        db.Users.Insert(user);
        return AccountResult.Ok;
    }

    private static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinimumPasswordLength
            ? $"The password must have at least {MinimumPasswordLength} characters."
            : null;

    // User names are matched case-insensitively by storing them lower-case.
    private static string Normalize(string? userName) => (userName ?? "").Trim().ToLowerInvariant();

    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex UserNamePattern();
}
