using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// What people do to runs from the queue, the run page and the API: cancel, queue again, change priority. Null means
/// the run does not exist; an impossible change throws <see cref="RunTransitionException"/>.
/// </summary>
public sealed class RunControl(RunLifecycle lifecycle, AgentStore agents, IAgentCommands commands, ILogger<RunControl> logger)
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

    public RunRecord? Requeue(int runId) => lifecycle.Requeue(runId);

    public RunRecord? SetPriority(int runId, int priority) => lifecycle.SetPriority(runId, priority);
}
