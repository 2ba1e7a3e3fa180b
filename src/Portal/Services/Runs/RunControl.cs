using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// What people do to runs from the queue, the run page and the API: cancel, queue again, change priority. Null means
/// the run does not exist; an impossible change throws <see cref="RunTransitionException"/>.
/// </summary>
public sealed class RunControl(RunLifecycle lifecycle, RunStore runs, AgentStore agents, IAgentCommands commands, ILogger<RunControl> logger)
{
    /// <summary>Cancels the run; an agent training it is told to stop (its outcome then frees the agent).</summary>
    public async Task<RunRecord?> CancelAsync(int runId)
    {
        var run = lifecycle.Cancel(runId);
        if (run?.AgentId is { } agentId && agents.Get(agentId) is { ConnectionId: { } connection } agent && agent.CurrentRunId == runId)
        {
            try
            {
                await commands.CancelRunAsync(connection, runId);
            }
            catch (Exception e)
            {
                // The run is Canceled either way; the agent is told again when it registers still holding it.
                logger.LogWarning("Could not tell agent {AgentId} to stop run {RunId}: {Reason}", agentId, runId, e.Message);
            }
        }

        return run;
    }

    /// <summary>The experiment's runs not yet finished (queued, assigned or running): what "cancel remaining" would stop.</summary>
    public IReadOnlyList<RunRecord> Remaining(int experimentId) =>
        runs.ListForExperiment(experimentId).Where(r => !r.State.IsFinished()).ToList();

    /// <summary>
    /// Cancels every unfinished run of the experiment, one by one through <see cref="CancelAsync"/> so agents are told
    /// to stop; returns how many were canceled. A run that finished meanwhile is left as it ended, not counted.
    /// </summary>
    public async Task<int> CancelRemainingAsync(int experimentId)
    {
        var canceled = 0;
        foreach (var run in Remaining(experimentId))
        {
            try
            {
                canceled += await CancelAsync(run.Id) is { State: RunState.Canceled } ? 1 : 0;
            }
            catch (RunTransitionException)
            {
                // It finished between the listing and the cancel: nothing to stop.
            }
        }

        return canceled;
    }

    public RunRecord? Requeue(int runId) => lifecycle.Requeue(runId);

    public RunRecord? SetPriority(int runId, int priority) => lifecycle.SetPriority(runId, priority);
}
