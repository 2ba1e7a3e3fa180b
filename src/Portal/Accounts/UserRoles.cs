namespace LabPortal.Portal.Accounts;

/// <summary>The two roles people have. Admins manage users and agents; members run experiments.</summary>
public static class UserRoles
{
    public const string Admin = "admin";

    public const string Member = "member";

    /// <summary>The role agents authenticate with (never a person's role).</summary>
    public const string Agent = "agent";

    public static bool IsPersonRole(string role) => role is Admin or Member;
}
