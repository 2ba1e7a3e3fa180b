using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Services.Runs;

/// <summary>The transitions people ask for: cancel, queue again, change priority.</summary>
public sealed partial class RunLifecycle
{
    /// <summary>
    /// Cancels a run. A queued run is Canceled at once; an assigned or running one too, its attempt ends Canceled and its
    /// history is kept, while its agent stays busy until it stops (the caller tells it). Null for an unknown run.
    /// </summary>
    public RunRecord? Cancel(int runId) => Apply(runId, RunEvent.Cancel);

    /// <summary>Queues a finished run again; its next assignment is a new attempt and earlier attempts stay in its history.</summary>
    public RunRecord? Requeue(int runId) => Apply(runId, RunEvent.Requeue);

    /// <summary>Sets a queued run's priority (higher runs go first).</summary>
    public RunRecord? SetPriority(int runId, int priority)
    {
        if (priority is < -SpecValidator.MaxPriority or > SpecValidator.MaxPriority)
        {
            throw new RunTransitionException(
                $"The priority must be between {-SpecValidator.MaxPriority} and {SpecValidator.MaxPriority} (got {priority}).");
        }

        return Apply(runId, RunEvent.Reprioritize, change: r => r.Priority = priority);
    }

    /// <summary>
    /// The agent's outcome of an attempt that was canceled while it trained: the run stays as it is and the agent is free.
    /// </summary>
    private bool AcknowledgeCanceled(string agentId, int runId, int attempt)
    {
        var held = runs.Get(runId)?.Attempts.FirstOrDefault(a => a.Number == attempt);
        if (held is null || held.AgentId != agentId || held.Outcome != nameof(RunState.Canceled))
        {
            return false;
        }

        ReleaseAgent(agentId, runId);
        return true;
    }
}
