namespace LabPortal.Portal.Accounts;

/// <summary>A personal API token. Only its SHA-256 is stored; the token itself is shown once when issued.</summary>
public sealed class ApiTokenRecord
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    /// <summary>What the owner called it, for example "laptop scripts".</summary>
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>The token's first characters, so its owner can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsed { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
