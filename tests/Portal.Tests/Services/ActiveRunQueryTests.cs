using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

/// <summary>The queries every heartbeat and progress batch make: read through the State index, not a scan of all runs.</summary>
public sealed class ActiveRunQueryTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Theory]
    [InlineData(RunState.Queued)]
    [InlineData(RunState.Assigned)]
    [InlineData(RunState.Running)]
    public void A_query_for_one_state_uses_the_state_index(RunState state)
    {
        var plan = _lab.Runs.InState(state).GetPlan();

        Assert.Equal("State", plan["index"]["name"].AsString);
        Assert.StartsWith("INDEX SEEK(State = ", plan["index"]["mode"].AsString);
    }

    [Fact]
    public void An_agents_runs_are_read_through_the_active_agent_index_not_from_every_active_run()
    {
        var plan = _lab.Runs.ActiveOn("agent-1").GetPlan();

        Assert.Equal("ActiveAgent", plan["index"]["name"].AsString);
        Assert.StartsWith("INDEX SEEK(ActiveAgent = ", plan["index"]["mode"].AsString);
    }

    [Fact]
    public void An_agents_runs_leave_its_list_when_they_finish_or_are_queued_again()
    {
        var (finished, finishedAttempt, agent) = _lab.StartRun("agent-1");
        _lab.Lifecycle.Complete(agent, new() { AgentId = agent, RunId = finished, Attempt = finishedAttempt, Outcome = new() { Steps = 1 } });
        var lost = _lab.QueueRun();
        _lab.Lifecycle.TryAssign(lost, agent);
        _lab.Lifecycle.ReturnToQueue(lost, 1, "the test lost it");
        var held = _lab.QueueRun();
        _lab.Lifecycle.TryAssign(held, agent);

        Assert.Equal([held], _lab.Runs.ListActiveOn(agent).Select(r => r.Id));
        Assert.Equal(agent, _lab.Runs.Get(finished)!.AgentId); // a finished run keeps its agent for history, but is not held
    }

    [Fact]
    public void Active_runs_are_the_assigned_and_running_ones_of_every_agent_and_of_one_agent()
    {
        var (first, _, agent) = _lab.StartRun("agent-1");
        var (second, secondAttempt, other) = _lab.StartRun("agent-2");
        _lab.Report(second, secondAttempt, other, TestLab.TrainReport(1, 1, 10, 0.7));
        _lab.QueueRun();

        Assert.Equal([first, second], _lab.Runs.ListActive().Select(r => r.Id).Order());
        Assert.Equal([first], _lab.Runs.ListActiveOn(agent).Select(r => r.Id));
        Assert.Equal(RunState.Running, _lab.Runs.Get(second)!.State);
    }

    public void Dispose() => _lab.Dispose();
}
