using LabPortal.Shared.Runs;

namespace LabPortal.Shared.Hubs;

/// <summary>Calls the portal makes on an agent (portal → agent).</summary>
public interface IAgentClient
{
    /// <summary>Gives the agent an attempt of a run to train.</summary>
    Task AssignRunAsync(RunAssignment assignment);

    /// <summary>Asks the agent to stop a run it is training.</summary>
    Task CancelRunAsync(int runId);

    /// <summary>
    /// Asks the agent to score a sentence pair with a finished run's model (a client result: the agent answers).
    /// The token ends the wait on the portal's side.
    /// </summary>
    Task<PairScore> ScorePairAsync(ScoreRequest request, CancellationToken cancellationToken);
}
