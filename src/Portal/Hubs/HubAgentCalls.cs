using LabPortal.Portal.Services.Playground;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace LabPortal.Portal.Hubs;

/// <summary>
/// Client results through the hub context: called from outside a hub method, so the agent's own calls keep flowing
/// while the portal waits (MaximumParallelInvocationsPerClient only matters when a hub method waits on its caller).
/// </summary>
public sealed class HubAgentCalls(IHubContext<AgentHub, IAgentClient> hub) : IAgentCalls
{
    public Task<PairScore> ScorePairAsync(string connectionId, ScoreRequest request, CancellationToken cancellationToken) =>
        hub.Clients.Client(connectionId).ScorePairAsync(request, cancellationToken);
}
