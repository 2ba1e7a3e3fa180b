using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

public sealed class AgentAdministrationTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void A_draining_agent_is_given_no_run_until_it_is_undrained()
    {
        var agent = _lab.ConnectAgent();
        var runId = _lab.QueueRun();

        _lab.Admin.Drain(agent);
        Assert.Null(_lab.Lifecycle.TryAssign(runId, agent));
        Assert.True(_lab.Agents.Get(agent)!.Draining); // stored, so it survives a portal restart

        _lab.Admin.Undrain(agent);
        Assert.NotNull(_lab.Lifecycle.TryAssign(runId, agent));
    }

    [Fact]
    public void A_draining_agent_keeps_its_current_run_until_it_finishes()
    {
        var (runId, _, agent) = _lab.StartRun();

        _lab.Admin.Drain(agent);

        Assert.Equal(runId, _lab.Agents.Get(agent)!.CurrentRunId);
        Assert.Equal(RunState.Assigned, _lab.Runs.Get(runId)!.State);
    }

    [Fact]
    public void An_online_agent_cannot_be_removed()
    {
        var agent = _lab.ConnectAgent();

        Assert.Equal(AgentRemoval.Online, _lab.Admin.Remove(agent));
        Assert.NotNull(_lab.Agents.Get(agent));
    }

    [Fact]
    public void Removing_an_offline_agent_keeps_its_runs_and_queues_the_one_it_still_held()
    {
        var (runId, _, agent) = _lab.StartRun();
        _lab.DisconnectAgent(agent);

        Assert.Equal(AgentRemoval.Removed, _lab.Admin.Remove(agent));

        Assert.Null(_lab.Agents.Get(agent));
        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Queued, run.State);
        Assert.Equal(agent, run.Attempts.Single().AgentId);
        Assert.Equal(AgentRemoval.NotFound, _lab.Admin.Remove(agent));
    }

    [Fact]
    public void An_agent_silent_for_three_heartbeats_is_lost_and_one_gone_with_a_run_too()
    {
        var idle = _lab.ConnectAgent("idle-one");
        Assert.Equal(AgentState.Idle, _lab.Status.StateOf(_lab.Agents.Get(idle)!));

        _lab.Clock.Advance(TimeSpan.FromSeconds(3 * _lab.Settings.HeartbeatSeconds + 1));
        Assert.Equal(AgentState.Lost, _lab.Status.StateOf(_lab.Agents.Get(idle)!));

        var (_, _, busy) = _lab.StartRun("busy-one");
        var gone = _lab.DisconnectAgent(busy);
        Assert.Equal(AgentState.Lost, _lab.Status.StateOf(gone));
    }

    public void Dispose() => _lab.Dispose();
}
