using LabPortal.Portal.Accounts;
using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Hubs;

/// <summary>Where agents connect. Agents are known by the stable id they register with, bound to the connection.</summary>
[Authorize(Policy = LabAuthentication.AgentPolicy)]
public sealed class AgentHub(
    AgentStore agents, RunLifecycle lifecycle, RunLeases leases, LiveUpdates live, SchedulerSignal scheduler,
    AgentConnectionGuard connections, IOptions<LabOptions> options, TimeProvider clock) : Hub<IAgentClient>, IAgentHub
{
    private const string AgentIdKey = "agentId";
    private const int MaxModelsPerAgent = 100;

    /// <summary>How long an assignment may take to reach its agent, on top of two heartbeats, before its absence counts.</summary>
    private const double DeliverySeconds = 5;

    public async Task<AgentRegistered> RegisterAsync(AgentRegistration registration)
    {
        var agentId = AgentIdRules.Check(registration.AgentId);
        // One open connection per agent id: a second one (an impostor, or two hosts given the same id) would take the
        // first one's runs. A restarted agent is accepted once its old connection's close is seen (at most the
        // SignalR client timeout); it retries registration meanwhile.
        if (agents.Get(agentId)?.ConnectionId is { } held && held != Context.ConnectionId && connections.IsOpen(held))
        {
            throw new HubException(
                $"Agent id '{agentId}' is in use by another open connection. Give each agent its own id (--agent-id); " +
                "a restarted agent is let in once its old connection has closed.");
        }

        Context.Items[AgentIdKey] = agentId;
        var now = clock.GetUtcNow().UtcDateTime;
        var agent = agents.Upsert(agentId, now, a =>
        {
            a.ConnectionId = Context.ConnectionId;
            a.Machine = registration.Machine;
            a.Device = registration.Device;
            a.DeviceName = registration.DeviceName;
            a.CpuThreads = registration.CpuThreads;
            a.MemoryBytes = registration.MemoryBytes;
            a.Versions = new Dictionary<string, string>(registration.Versions);
            a.Models = registration.Models.Take(MaxModelsPerAgent).ToList();
            a.LastSeen = now;
        });
        // Still training a run that is no longer its own (canceled, or lost and given to another attempt while it was
        // away): tell it to stop, so it does not spend its device on results the portal will refuse.
        var stop = lifecycle.ReconcileAgent(agentId, registration.CurrentRunId, registeredAt: now);
        live.PublishAgent(agents.Get(agentId) ?? agent);
        await StopAsync(stop);
        scheduler.Wake();
        return new AgentRegistered(options.Value.HeartbeatSeconds);
    }

    public async Task HeartbeatAsync(AgentHeartbeat heartbeat)
    {
        var agentId = RegisteredAgentId(heartbeat.AgentId);
        var now = clock.GetUtcNow().UtcDateTime;
        var agent = agents.Update(agentId, a =>
        {
            a.LastSeen = now;
            return true;
        });
        if (agent is not null)
        {
            live.PublishAgent(agent);
        }

        // Only the attempt the agent names is alive; one it does not name, assigned long enough ago for the start to
        // have arrived, was lost on the way (a send to a connection that had just died) and is queued again.
        leases.Renew(agentId, heartbeat.RunId, heartbeat.Attempt);
        var assignedBy = now - TimeSpan.FromSeconds(2 * options.Value.HeartbeatSeconds + DeliverySeconds);
        await StopAsync(lifecycle.ReconcileHeartbeat(agentId, heartbeat.RunId, heartbeat.Attempt, assignedBy));
    }

    // Progress is a sign of life too (a busy agent's heartbeat can lag): the lease is renewed in the batch's own write.
    public Task ReportProgressAsync(ProgressBatch batch) =>
        lifecycle.AcceptProgressAsync(RegisteredAgentId(batch.AgentId), batch, alsoChange: leases.RenewIn);

    public Task ReportLogAsync(RunLog log)
    {
        lifecycle.AcceptLog(RegisteredAgentId(log.AgentId), log);
        return Task.CompletedTask;
    }

    public Task CompleteRunAsync(RunCompletion completion)
    {
        lifecycle.Complete(RegisteredAgentId(completion.AgentId), completion);
        return Task.CompletedTask;
    }

    public Task FailRunAsync(RunFailure failure)
    {
        lifecycle.Fail(RegisteredAgentId(failure.AgentId), failure);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(AgentIdKey, out var id) && id is string agentId)
        {
            // Only the connection that is current may take the agent offline (a reconnect may have replaced it).
            var agent = agents.Update(agentId, a =>
            {
                if (a.ConnectionId != Context.ConnectionId)
                {
                    return false;
                }

                a.ConnectionId = null;
                return true;
            });
            if (agent is not null)
            {
                live.PublishAgent(agent);
            }
        }

        return base.OnDisconnectedAsync(exception);
    }

    private async Task StopAsync(int? runId)
    {
        if (runId is { } stop)
        {
            await Clients.Caller.CancelRunAsync(stop);
        }
    }

    /// <summary>
    /// The id this connection registered with, while it still holds it; a message naming another agent, or sent on a
    /// connection that another registration of the same id has replaced, is refused.
    /// </summary>
    private string RegisteredAgentId(string? claimed = null)
    {
        if (!Context.Items.TryGetValue(AgentIdKey, out var id) || id is not string agentId)
        {
            throw new HubException($"{HubErrors.RegisterAgainPrefix}this connection has not registered an agent id.");
        }

        if (claimed is not null && claimed != agentId)
        {
            throw new HubException($"This connection is agent '{agentId}'; it may not report for '{claimed}'.");
        }

        if (agents.Get(agentId)?.ConnectionId is { } holder && holder != Context.ConnectionId)
        {
            throw new HubException($"{HubErrors.RegisterAgainPrefix}agent '{agentId}' registered again on another connection.");
        }

        return agentId;
    }
}
