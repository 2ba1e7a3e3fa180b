using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// Keeps the portal's view of what an agent trains in line with what the agent says it trains, at every registration
/// and heartbeat: assignments that never arrived are queued again, runs that are no longer the agent's are stopped.
/// </summary>
public sealed partial class RunLifecycle
{
    /// <summary>
    /// An agent (re-)registered naming the run it is still training, if any. Attempts the portal gave it up to
    /// <paramref name="registeredAt"/> (default: now) that it does not name (it restarted) are lost and their runs queued
    /// again. Returns the run it should stop, if any.
    /// </summary>
    public int? ReconcileAgent(string agentId, int? runStillTraining, DateTime? registeredAt = null) =>
        Reconcile(agentId, runStillTraining, namedAttempt: null, registeredAt ?? Now, why: "restarted without it");

    /// <summary>
    /// A heartbeat names the attempt the agent is training, or none. Attempts given to it up to
    /// <paramref name="assignedBy"/> (time enough for an assignment to arrive) that it does not name never reached
    /// it, or were dropped: they are lost and their runs queued again. Returns the run it should stop: one it trains
    /// that is no longer its own (canceled before the start arrived, finished, or handed to another attempt).
    /// </summary>
    public int? ReconcileHeartbeat(string agentId, int? runId, int? attempt, DateTime assignedBy) =>
        Reconcile(agentId, runId, attempt, assignedBy, why: $"is not training it (its heartbeat names {Describe(runId, attempt)})");

    private int? Reconcile(string agentId, int? namedRun, int? namedAttempt, DateTime assignedBy, string why)
    {
        foreach (var run in runs.ListActiveOn(agentId))
        {
            var named = run.Id == namedRun && (namedAttempt is null || run.Attempt == namedAttempt);
            var assignedAt = run.Attempts.LastOrDefault(a => a.Number == run.Attempt)?.AssignedAt ?? DateTime.MinValue;
            if (!named && assignedAt <= assignedBy)
            {
                ReturnToQueue(run.Id, run.Attempt, $"agent '{agentId}' {why}");
            }
        }

        // Held by the portal's record but no longer the agent's (canceled while it was away, or declined while busy):
        // free once the agent trains nothing, so a run offered meanwhile is not declined again and again.
        if (namedRun is null && agents.Get(agentId)?.CurrentRunId is { } held && !IsActiveOn(runs.Get(held), agentId))
        {
            ReleaseAgent(agentId, held);
        }

        if (namedRun is not { } trained || runs.Get(trained) is not { } current)
        {
            return null;
        }

        var replacementOnItsWay = IsActiveOn(current, agentId) && current.Attempt > namedAttempt;
        var itsOwn = IsActiveOn(current, agentId) && (namedAttempt is null || current.Attempt == namedAttempt);
        return itsOwn || replacementOnItsWay ? null : trained;
    }

    private static bool IsActiveOn(RunRecord? run, string agentId) =>
        run is { State: RunState.Assigned or RunState.Running } && run.AgentId == agentId;

    private static string Describe(int? runId, int? attempt) =>
        runId is { } id ? $"run {id} attempt {attempt}" : "no run";
}
