using LabPortal.Portal.Storage;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Services.Agents;

/// <summary>Tells an agent's state from its record, the heartbeat interval and the clock.</summary>
public sealed class AgentStatus(IOptions<LabOptions> options, TimeProvider clock)
{
    /// <summary>An agent that missed this many heartbeats counts as lost even if its connection looks open.</summary>
    public const int MissedHeartbeats = 3;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public AgentState StateOf(AgentRecord agent)
    {
        if (!agent.IsOnline)
        {
            return agent.CurrentRunId is null ? AgentState.Offline : AgentState.Lost;
        }

        if (Now - agent.LastSeen > TimeSpan.FromSeconds(MissedHeartbeats * options.Value.HeartbeatSeconds))
        {
            return AgentState.Lost;
        }

        return agent.Draining ? AgentState.Draining : agent.CurrentRunId is null ? AgentState.Idle : AgentState.Busy;
    }

    /// <summary>How long ago the agent was last heard from, for example "12 s ago".</summary>
    public string SinceLastSeen(AgentRecord agent)
    {
        var since = Now - agent.LastSeen;
        return since.TotalSeconds < 1 ? "just now"
            : since.TotalMinutes < 1 ? $"{since.TotalSeconds:0} s ago"
            : since.TotalHours < 1 ? $"{since.TotalMinutes:0} min ago"
            : since.TotalDays < 1 ? $"{since.TotalHours:0} h ago"
            : $"{since.TotalDays:0} d ago";
    }
}
