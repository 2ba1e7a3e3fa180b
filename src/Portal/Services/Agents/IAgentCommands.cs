namespace LabPortal.Portal.Services.Agents;

/// <summary>Messages the portal sends to a connected agent on a person's behalf (the hub in the portal).</summary>
public interface IAgentCommands
{
    /// <summary>Asks the agent on <paramref name="connectionId"/> to stop training <paramref name="runId"/>.</summary>
    Task CancelRunAsync(string connectionId, int runId);
}
