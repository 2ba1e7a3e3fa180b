namespace LabPortal.Portal.Auth;

/// <summary>An agent token an admin issued. Only its SHA-256 is stored; the token is shown once.</summary>
public sealed class AgentTokenRecord
{
    public int Id { get; set; }

    /// <summary>What it is for, for example "gpu-box-3".</summary>
    public string Name { get; set; } = "";

    /// <summary>When set, the token may only register as this agent id.</summary>
    public string? AgentId { get; set; }

    public string TokenHash { get; set; } = "";

    /// <summary>The token's first characters, so admins can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? LastUsed { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
