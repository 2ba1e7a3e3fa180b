namespace LabPortal.Portal.Accounts;

/// <summary>
/// What the portal keeps of every token it issues, a person's API token or an agent's: only its SHA-256; the token
/// itself is shown once. Revoked tokens stay, so their history does.
/// </summary>
public abstract class IssuedToken
{
    public int Id { get; set; }

    /// <summary>What it is for, for example "laptop scripts" or "gpu-box-3".</summary>
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>The token's first characters, so tokens can be told apart.</summary>
    public string Prefix { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsed { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
