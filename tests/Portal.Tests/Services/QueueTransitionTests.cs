using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

public sealed class QueueTransitionTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public async Task Cancelling_a_queued_run_marks_it_canceled_without_an_agent()
    {
        var runId = _lab.QueueRun();

        var run = await _lab.Control.CancelAsync(runId);

        Assert.Equal(RunState.Canceled, run!.State);
        Assert.Equal(RunState.Canceled, _lab.Runs.Get(runId)!.State);
        Assert.Empty(_lab.Commands.Cancels);
        Assert.Empty(_lab.Runs.ListQueued());
    }

    [Fact]
    public async Task Cancelling_a_running_run_tells_its_agent_keeps_its_history_and_stays_canceled_when_the_agent_reports_back()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 5, 40, 0.7), TestLab.TrainReport(2, 10, 40, 0.6));

        await _lab.Control.CancelAsync(runId);

        Assert.Equal([($"connection-{agent}", runId)], _lab.Commands.Cancels);
        Assert.False(_lab.Agents.Get(agent)!.IsIdle); // it is still stopping
        _lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "Canceled"));

        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Canceled, run.State);
        Assert.Equal("Canceled", run.Attempts.Single().Outcome);
        Assert.Null(run.FailureReason);
        Assert.Equal(10, run.Step);
        Assert.Equal(2, _lab.Metrics.ListForRun(runId).Count);
        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
    }

    [Fact]
    public async Task A_run_canceled_as_its_agent_completes_it_stays_canceled_and_the_agent_is_freed()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        await _lab.Control.CancelAsync(runId);

        _lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 4, Evaluation = new ConfusionCounts(1, 1, 1, 1) } });

        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Canceled, run.State);
        Assert.Null(run.Evaluation);
        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
    }

    [Fact]
    public async Task Progress_after_a_cancel_is_refused_and_not_stored()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        await _lab.Control.CancelAsync(runId);

        Assert.Throws<AgentReportRejectedException>(() => _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 5, 40, 0.7)));
        Assert.Empty(_lab.Metrics.ListForRun(runId));
    }

    [Fact]
    public async Task Cancelling_a_finished_run_is_refused_with_the_reason()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "out of memory"));

        var refused = await Assert.ThrowsAsync<RunTransitionException>(() => _lab.Control.CancelAsync(runId));

        Assert.Equal($"Run {runId} has already finished (Failed); only a queued, assigned or running run can be canceled.", refused.Message);
        Assert.Equal(RunState.Failed, _lab.Runs.Get(runId)!.State);
    }

    [Fact]
    public async Task Cancelling_an_unknown_run_answers_nothing()
    {
        Assert.Null(await _lab.Control.CancelAsync(4242));
    }

    [Fact]
    public async Task Cancelling_a_run_whose_agent_is_offline_frees_the_agent_at_once()
    {
        var (runId, _, agent) = _lab.StartRun();
        _lab.DisconnectAgent(agent);

        await _lab.Control.CancelAsync(runId);

        Assert.Empty(_lab.Commands.Cancels);
        Assert.Null(_lab.Agents.Get(agent)!.CurrentRunId);
    }

    [Fact]
    public void Requeueing_a_failed_run_queues_a_new_attempt_and_keeps_the_earlier_ones()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 5, 40, 0.7));
        _lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "out of memory"));

        var queued = _lab.Control.Requeue(runId)!;

        Assert.Equal(RunState.Queued, queued.State);
        Assert.Null(queued.FailureReason);
        Assert.Equal(0, queued.Step);
        Assert.Equal(2, _lab.Lifecycle.TryAssign(runId, agent)!.Attempt);
        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(["Failed", ""], run.Attempts.Select(a => a.Outcome));
        Assert.Single(_lab.Metrics.ListForRun(runId)); // the first attempt's points are kept
    }

    [Fact]
    public async Task A_run_requeued_before_its_agent_stopped_frees_that_agent_when_it_reports_the_cancel()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        await _lab.Control.CancelAsync(runId);
        _lab.Control.Requeue(runId);

        _lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "Canceled"));

        Assert.Equal(RunState.Queued, _lab.Runs.Get(runId)!.State);
        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
    }

    [Fact]
    public void Requeueing_a_running_run_is_refused()
    {
        var (runId, _, _) = _lab.StartRun();

        var refused = Assert.Throws<RunTransitionException>(() => _lab.Control.Requeue(runId));

        Assert.Contains("only a succeeded, failed or canceled run can be queued again", refused.Message);
        Assert.Equal(RunState.Assigned, _lab.Runs.Get(runId)!.State);
    }

    [Fact]
    public void A_queued_runs_priority_changes_but_a_running_runs_does_not()
    {
        var queued = _lab.QueueRun();
        var (running, _, _) = _lab.StartRun();

        Assert.Equal(7, _lab.Control.SetPriority(queued, 7)!.Priority);
        var refused = Assert.Throws<RunTransitionException>(() => _lab.Control.SetPriority(running, 7));

        Assert.Contains("only a queued run's priority can change", refused.Message);
        Assert.Throws<RunTransitionException>(() => _lab.Control.SetPriority(queued, 100_000));
        Assert.Equal(7, _lab.Runs.Get(queued)!.Priority);
    }

    [Fact]
    public void An_agent_that_registers_again_without_a_run_canceled_while_it_was_away_is_free()
    {
        var (runId, _, agent) = _lab.StartRun();
        _lab.Agents.Update(agent, a =>
        {
            a.ConnectionId = "new-connection";
            return true;
        });
        _lab.Lifecycle.Cancel(runId); // the agent could not be told

        _lab.Lifecycle.ReconcileAgent(agent, runStillTraining: null);

        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
        Assert.Equal(RunState.Canceled, _lab.Runs.Get(runId)!.State);
    }

    public void Dispose() => _lab.Dispose();
}
