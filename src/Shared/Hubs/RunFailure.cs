namespace LabPortal.Shared.Hubs;

/// <summary>
/// An attempt ended without a result; <see cref="Reason"/> says why in words a person can act on, and
/// <see cref="Kind"/> whose fault it was: only <see cref="FailureKind.Failed"/> fails the run, the others queue it again
/// (the Fail and Lose events of <see cref="Runs.RunTransitions"/>).
/// </summary>
public sealed record RunFailure(string AgentId, int RunId, int Attempt, string Reason, FailureKind Kind = FailureKind.Failed);

/// <summary>Why an attempt ended without a result.</summary>
public enum FailureKind
{
    /// <summary>The run cannot succeed as it is (a bad spec, a training error, a cancel): it fails.</summary>
    Failed,

    /// <summary>The agent is shutting down: the run goes back to the queue and the agent goes offline.</summary>
    AgentLeaving,

    /// <summary>
    /// The agent was still busy with another run the portal no longer counts as its own: the offered run goes back to
    /// the queue, and the agent takes no new run until a heartbeat says it is idle.
    /// </summary>
    AgentBusy,
}
