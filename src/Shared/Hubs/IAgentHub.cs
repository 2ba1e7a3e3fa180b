namespace LabPortal.Shared.Hubs;

/// <summary>Calls an agent makes on the portal (agent → portal). Agents invoke them by <c>nameof</c>.</summary>
public interface IAgentHub
{
    /// <summary>Announces the agent (again after every reconnect); agents are keyed by their stable id.</summary>
    Task<AgentRegistered> RegisterAsync(AgentRegistration registration);

    /// <summary>Says the agent is alive and what it is working on.</summary>
    Task HeartbeatAsync(AgentHeartbeat heartbeat);

    /// <summary>Sends a batch of progress reports for the attempt the agent was assigned.</summary>
    Task ReportProgressAsync(ProgressBatch batch);

    /// <summary>Sends lines the agent printed for the attempt it was assigned (the portal keeps the last few hundred).</summary>
    Task ReportLogAsync(RunLog log);

    /// <summary>Reports that the attempt finished, with the final evaluation.</summary>
    Task CompleteRunAsync(RunCompletion completion);

    /// <summary>Reports that the attempt failed, with a reason a person can act on.</summary>
    Task FailRunAsync(RunFailure failure);
}
