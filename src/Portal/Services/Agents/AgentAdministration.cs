using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.Agents;

/// <summary>What an administrator does to agents: drain, undrain, remove. The one place a role check belongs.</summary>
public sealed class AgentAdministration(AgentStore agents, RunStore runs, RunLifecycle lifecycle, LiveUpdates live, SchedulerSignal scheduler)
{
    /// <summary>The agent finishes its current run and is given no new ones. Null for an unknown agent.</summary>
    public AgentRecord? Drain(string agentId) => SetDraining(agentId, true);

    /// <summary>The agent takes runs again. Null for an unknown agent.</summary>
    public AgentRecord? Undrain(string agentId)
    {
        var agent = SetDraining(agentId, false);
        scheduler.Wake();
        return agent;
    }

    /// <summary>
    /// Forgets an offline agent. Its runs stay; one it still held (it was lost) goes back to the queue for another agent.
    /// </summary>
    public AgentRemoval Remove(string agentId)
    {
        var agent = agents.Get(agentId);
        if (agent is null)
        {
            return AgentRemoval.NotFound;
        }

        if (agent.IsOnline || !agents.DeleteOffline(agentId))
        {
            return AgentRemoval.Online;
        }

        foreach (var run in runs.ListActiveOn(agentId))
        {
            lifecycle.ReturnToQueue(run.Id, run.Attempt, $"agent '{agentId}' was removed");
        }

        live.PublishAgentRemoved(agentId);
        return AgentRemoval.Removed;
    }

    private AgentRecord? SetDraining(string agentId, bool draining)
    {
        var agent = agents.Update(agentId, a =>
        {
            a.Draining = draining;
            return true;
        });
        if (agent is not null)
        {
            live.PublishAgent(agent);
        }

        return agent;
    }
}
