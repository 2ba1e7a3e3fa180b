using LabPortal.Shared.Hubs;

namespace LabPortal.Portal.Services.Playground;

/// <summary>Calls on one agent that wait for its answer (SignalR client results), behind a seam pages can be tested without.</summary>
public interface IAgentCalls
{
    Task<PairScore> ScorePairAsync(string connectionId, ScoreRequest request, CancellationToken cancellationToken);
}
