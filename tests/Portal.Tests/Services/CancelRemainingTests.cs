using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

/// <summary>"Cancel remaining runs" on an experiment, through the same cancel path as one run, over the real LiteDB store.</summary>
public sealed class CancelRemainingTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public async Task Queued_and_running_runs_of_the_experiment_are_canceled_and_its_finished_runs_and_other_experiments_are_left_alone()
    {
        var runs = _lab.Submissions.Submit(DemoRequests.Of("sweep", new MethodSpec { Kind = MethodKind.Lora }, [1, 2, 3, 4, 5]), "ana").Experiment!.RunIds;
        var (queued, assigned, running, succeeded, failed) = (runs[0], runs[1], runs[2], runs[3], runs[4]);
        _lab.ConnectAgent("agent-a");
        _lab.Lifecycle.TryAssign(assigned, "agent-a");
        _lab.ConnectAgent("agent-b");
        var attempt = _lab.Lifecycle.TryAssign(running, "agent-b")!.Attempt;
        _lab.Report(running, attempt, "agent-b", TestLab.TrainReport(1, 1, 10, 0.7));
        _lab.Succeed(succeeded, new ConfusionCounts(40, 10, 40, 10));
        _lab.Fail(failed, "out of memory");
        var otherQueued = _lab.QueueRun("another experiment");
        var (otherRunning, _, _) = _lab.StartRun("agent-c");

        var canceled = await _lab.Control.CancelRemainingAsync(_lab.Runs.Get(queued)!.ExperimentId);

        Assert.Equal(3, canceled);
        Assert.All(new[] { queued, assigned, running }, id => Assert.Equal(RunState.Canceled, _lab.Runs.Get(id)!.State));
        Assert.Equal(RunState.Succeeded, _lab.Runs.Get(succeeded)!.State);
        Assert.Equal(RunState.Failed, _lab.Runs.Get(failed)!.State);
        Assert.Equal(RunState.Queued, _lab.Runs.Get(otherQueued)!.State);
        Assert.Equal(RunState.Assigned, _lab.Runs.Get(otherRunning)!.State);
        // The agents holding the experiment's runs were told to stop them, as a single cancel tells them.
        Assert.Equal([assigned, running], _lab.Commands.Cancels.Select(c => c.RunId).Order());
    }

    [Fact]
    public async Task An_experiment_with_every_run_finished_cancels_nothing()
    {
        var runs = _lab.Submissions.Submit(DemoRequests.Of("done", new MethodSpec { Kind = MethodKind.Lora }, [1]), "ana").Experiment!.RunIds;
        _lab.Succeed(runs[0], new ConfusionCounts(40, 10, 40, 10));

        Assert.Equal(0, await _lab.Control.CancelRemainingAsync(_lab.Runs.Get(runs[0])!.ExperimentId));
        Assert.Equal(RunState.Succeeded, _lab.Runs.Get(runs[0])!.State);
    }

    public void Dispose() => _lab.Dispose();
}
