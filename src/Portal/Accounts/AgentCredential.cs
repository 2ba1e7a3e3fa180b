namespace LabPortal.Portal.Accounts;

/// <summary>Which token an agent presented: the portal-wide one (no id) or an issued one, maybe bound to an agent id.</summary>
public sealed record AgentCredential(int? TokenId, string? BoundAgentId)
{
    public static AgentCredential PortalWide { get; } = new(null, null);
}
