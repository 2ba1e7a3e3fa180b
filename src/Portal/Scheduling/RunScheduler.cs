using LabPortal.Portal.Hubs;
using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Scheduling;

/// <summary>
/// Matches queued runs to idle agents, highest priority first (see <see cref="RunPlacement"/>). Wakes when signalled (a run was queued, an agent
/// became free) and every few seconds regardless.
/// </summary>
public sealed class RunScheduler(
    RunStore runs, AgentStore agents, AgentStatus status, RunLifecycle lifecycle, SchedulerSignal signal,
    AgentConnectionGuard connections, IHubContext<AgentHub, IAgentClient> hub, IOptions<LabOptions> options, ILogger<RunScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan IdleLookInterval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await AssignQueuedRunsAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The scheduler failed a pass; it will try again.");
            }

            try
            {
                await signal.WaitAsync(IdleLookInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return; // The portal is stopping.
            }
        }
    }

    /// <summary>One pass: give each queued run, in scheduling order, to a free agent it fits until either runs out.</summary>
    public async Task AssignQueuedRunsAsync()
    {
        // A lost agent (silent for several heartbeats) would only hold the run until its connection is found dead.
        // A send to a connection that has closed "succeeds" without reaching anyone: only open ones are offered runs (a
        // connection that dies right after is caught by the agent's next heartbeats, which will not name the run).
        bool Reachable(AgentRecord a) => status.StateOf(a) != AgentState.Lost && a.ConnectionId is { } c && connections.IsOpen(c);
        foreach (var (run, agent) in RunPlacement.Match(runs.ListQueued(), agents.List(), Reachable))
        {
            var assignment = lifecycle.TryAssign(run.Id, agent.Id);
            if (assignment is null)
            {
                continue;
            }

            assignment = assignment with { CheckpointEverySteps = options.Value.CheckpointEverySteps };

            try
            {
                await hub.Clients.Client(agent.ConnectionId!).AssignRunAsync(assignment);
                logger.LogInformation("Assigned run {RunId} attempt {Attempt} to agent {AgentId}.", run.Id, assignment.Attempt, agent.Id);
            }
            catch (Exception e)
            {
                logger.LogWarning("Could not deliver run {RunId} to agent {AgentId}: {Reason}", run.Id, agent.Id, e.Message);
                lifecycle.ReturnToQueue(run.Id, assignment.Attempt, $"could not be delivered to agent '{agent.Id}'");
            }
        }
    }
}
