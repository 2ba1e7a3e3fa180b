using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

/// <summary>Assignment, return to the queue and finishing write the run and its agent together: both or neither.</summary>
public sealed class RunAssignmentAtomicityTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void An_assignment_that_fails_half_way_leaves_neither_the_agent_holding_the_run_nor_the_run_assigned()
    {
        var runId = _lab.QueueRun();
        var agentId = _lab.ConnectAgent();
        // A stored spec the portal cannot read makes the assignment fail after agent and run were both changed.
        _lab.Runs.Update(runId, r =>
        {
            r.SpecJson = "{ not json";
            return true;
        });

        Assert.ThrowsAny<Exception>(() => _lab.Lifecycle.TryAssign(runId, agentId));

        Assert.Null(_lab.Agents.Get(agentId)!.CurrentRunId);
        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Queued, run.State);
        Assert.Equal(0, run.Attempt);
        Assert.Empty(run.Attempts);
    }

    [Fact]
    public void A_run_returned_to_the_queue_frees_its_agent_in_the_same_change()
    {
        var (runId, attempt, agentId) = _lab.StartRun();

        _lab.Lifecycle.ReturnToQueue(runId, attempt, "agent restarted");

        Assert.Equal(RunState.Queued, _lab.Runs.Get(runId)!.State);
        Assert.Null(_lab.Agents.Get(agentId)!.CurrentRunId);
    }

    public void Dispose() => _lab.Dispose();
}
