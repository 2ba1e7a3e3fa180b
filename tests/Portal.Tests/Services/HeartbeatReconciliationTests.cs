using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

/// <summary>What the portal does when an agent's heartbeat and the portal's records disagree about what it trains.</summary>
public sealed class HeartbeatReconciliationTests : IDisposable
{
    private static readonly TimeSpan DeliveryTime = TimeSpan.FromSeconds(15);
    private readonly TestLab _lab = new();

    private DateTime AssignedBy => _lab.Clock.GetUtcNow().UtcDateTime - DeliveryTime;

    [Fact]
    public void A_run_the_agent_never_received_is_queued_again_once_its_heartbeats_have_had_time_to_name_it()
    {
        var (runId, attempt, agent) = _lab.StartRun(); // the start went to a connection that had just died

        _lab.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(_lab.Lifecycle.ReconcileHeartbeat(agent, null, null, AssignedBy));
        Assert.Equal(RunState.Assigned, _lab.Runs.Get(runId)!.State); // still on its way

        _lab.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Null(_lab.Lifecycle.ReconcileHeartbeat(agent, null, null, AssignedBy));

        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Queued, run.State);
        Assert.Equal($"Lost: agent '{agent}' is not training it (its heartbeat names no run)", run.Attempts.Single(a => a.Number == attempt).Outcome);
        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
    }

    [Fact]
    public void A_heartbeat_that_names_the_attempt_leaves_it_alone()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(_lab.Lifecycle.ReconcileHeartbeat(agent, runId, attempt, AssignedBy));

        Assert.Equal(RunState.Assigned, _lab.Runs.Get(runId)!.State);
        Assert.Equal(runId, _lab.Agents.Get(agent)!.CurrentRunId);
    }

    [Fact]
    public void A_run_canceled_before_its_start_reached_the_agent_is_stopped_at_the_agents_next_heartbeat()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.Cancel(runId); // the cancel overtook the start: the agent ignored it and began training

        Assert.Equal(runId, _lab.Lifecycle.ReconcileHeartbeat(agent, runId, attempt, AssignedBy));
        Assert.False(_lab.Agents.Get(agent)!.IsIdle); // still training until it stops

        _lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "Canceled"));
        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
        Assert.Equal(RunState.Canceled, _lab.Runs.Get(runId)!.State);
    }

    [Fact]
    public void An_agent_still_training_an_attempt_the_portal_gave_up_on_is_told_to_stop_it()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.ReturnToQueue(runId, attempt, "lease expired");
        _lab.ConnectAgent("agent-2");
        Assert.NotNull(_lab.Lifecycle.TryAssign(runId, "agent-2"));

        Assert.Equal(runId, _lab.Lifecycle.ReconcileHeartbeat(agent, runId, attempt, AssignedBy));
        Assert.Null(_lab.Lifecycle.ReconcileHeartbeat("agent-2", runId, attempt + 1, AssignedBy));
    }

    [Fact]
    public void A_newer_attempt_of_the_same_run_on_its_way_to_the_same_agent_is_not_stopped()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.ReturnToQueue(runId, attempt, "lease expired");
        Assert.NotNull(_lab.Lifecycle.TryAssign(runId, agent));

        // The agent still names the old attempt; the new one replaces it on arrival, so stopping the run would stop both.
        Assert.Null(_lab.Lifecycle.ReconcileHeartbeat(agent, runId, attempt, AssignedBy));
        Assert.Equal(attempt + 1, _lab.Runs.Get(runId)!.Attempt);
    }

    [Fact]
    public void A_run_declined_by_a_busy_agent_goes_back_to_the_queue_unfailed_and_the_agent_gets_nothing_until_it_is_idle()
    {
        var (stale, staleAttempt, agent) = _lab.StartRun();
        _lab.Lifecycle.ReturnToQueue(stale, staleAttempt, "lease expired"); // the agent trains on, unaware
        _lab.Lifecycle.Cancel(stale);
        var offered = _lab.QueueRun("offered");
        var attempt = _lab.Lifecycle.TryAssign(offered, agent)!.Attempt;

        _lab.Lifecycle.Fail(agent, new RunFailure(agent, offered, attempt, $"the agent was still busy with run {stale}", FailureKind.AgentBusy));

        var run = _lab.Runs.Get(offered)!;
        Assert.Equal(RunState.Queued, run.State);
        Assert.Null(run.FailureReason);
        Assert.Equal($"Lost: the agent was still busy with run {stale}", run.Attempts.Single().Outcome);
        Assert.Null(_lab.Lifecycle.TryAssign(offered, agent)); // no second offer to decline

        Assert.Equal(stale, _lab.Lifecycle.ReconcileHeartbeat(agent, stale, staleAttempt, AssignedBy));
        Assert.False(_lab.Agents.Get(agent)!.IsIdle);
        Assert.Null(_lab.Lifecycle.ReconcileHeartbeat(agent, null, null, AssignedBy)); // it stopped
        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
    }

    public void Dispose() => _lab.Dispose();
}
