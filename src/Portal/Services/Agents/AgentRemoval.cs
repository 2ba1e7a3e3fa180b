namespace LabPortal.Portal.Services.Agents;

/// <summary>What became of a request to remove an agent.</summary>
public enum AgentRemoval
{
    Removed,
    NotFound,

    /// <summary>Only an offline agent can be removed.</summary>
    Online,
}
