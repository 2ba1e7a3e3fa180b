namespace LabPortal.Portal.Accounts;

/// <summary>An agent token an admin issued: it opens only the agent hub and run file transfers.</summary>
public sealed class AgentTokenRecord : IssuedToken
{
    /// <summary>When set, the token may only register as this agent id.</summary>
    public string? AgentId { get; set; }

    public string CreatedBy { get; set; } = "";
}
