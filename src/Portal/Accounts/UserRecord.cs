namespace LabPortal.Portal.Accounts;

/// <summary>A person who can log in. The password is kept only as ASP.NET Core's PasswordHasher hash.</summary>
public sealed class UserRecord
{
    public int Id { get; set; }

    /// <summary>Unique, compared case-insensitively; stored as typed.</summary>
    public string UserName { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    /// <summary><see cref="UserRoles.Admin"/> or <see cref="UserRoles.Member"/>.</summary>
    public string Role { get; set; } = UserRoles.Member;

    public DateTime CreatedAt { get; set; }

    public DateTime? LastLogin { get; set; }

    /// <summary>A disabled person cannot log in, and their session and API tokens stop working at once.</summary>
    public bool Disabled { get; set; }
}
