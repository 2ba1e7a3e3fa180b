using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace LabPortal.Portal.Hubs;

/// <summary>Sends commands to agents over their hub connection.</summary>
public sealed class HubAgentCommands(IHubContext<AgentHub, IAgentClient> hub) : IAgentCommands
{
    public Task CancelRunAsync(string connectionId, int runId) => hub.Clients.Client(connectionId).CancelRunAsync(runId);
}
