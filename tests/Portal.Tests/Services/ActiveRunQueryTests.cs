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
