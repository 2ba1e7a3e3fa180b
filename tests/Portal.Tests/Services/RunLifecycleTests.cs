using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

public sealed class RunLifecycleTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void Assigning_a_queued_run_starts_attempt_one_on_that_agent_and_makes_the_agent_busy()
    {
        var runId = _lab.QueueRun();
        var agent = _lab.ConnectAgent();

        var assignment = _lab.Lifecycle.TryAssign(runId, agent);

        Assert.Equal(new { RunId = runId, Attempt = 1 }, new { assignment!.RunId, assignment.Attempt });
        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Assigned, run.State);
        Assert.Equal(agent, Assert.Single(run.Attempts).AgentId);
        Assert.False(_lab.Agents.Get(agent)!.IsIdle);
    }

    [Fact]
    public void A_busy_agent_is_not_given_a_second_run()
    {
        var (_, _, agent) = _lab.StartRun();
        var second = _lab.QueueRun();

        Assert.Null(_lab.Lifecycle.TryAssign(second, agent));
        Assert.Equal(RunState.Queued, _lab.Runs.Get(second)!.State);
    }

    [Fact]
    public void A_resent_batch_stores_each_report_once()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        var reports = new[] { TestLab.TrainReport(1, 5, 20, 0.7), TestLab.TrainReport(2, 10, 20, 0.6) };

        _lab.Report(runId, attempt, agent, reports);
        _lab.Report(runId, attempt, agent, reports);
        _lab.Report(runId, attempt, agent, reports[1], TestLab.TrainReport(3, 15, 20, 0.5));

        Assert.Equal([1L, 2L, 3L], _lab.Metrics.ListForRun(runId).Select(p => p.Sequence));
        Assert.Equal(15, _lab.Runs.Get(runId)!.Step);
    }

    [Fact]
    public void Reports_for_a_run_assigned_to_another_agent_are_refused_and_not_stored()
    {
        var (runId, attempt, _) = _lab.StartRun("agent-1");
        _lab.ConnectAgent("agent-2");

        var refused = Assert.Throws<AgentReportRejectedException>(
            () => _lab.Report(runId, attempt, "agent-2", TestLab.TrainReport(1, 1, 10, 0.7)));

        Assert.Contains("not assigned to agent 'agent-2'", refused.Message);
        Assert.Empty(_lab.Metrics.ListForRun(runId));
    }

    [Fact]
    public void A_report_with_a_stale_attempt_number_is_refused()
    {
        var (runId, attempt, agent) = _lab.StartRun();

        Assert.Throws<AgentReportRejectedException>(
            () => _lab.Report(runId, attempt + 1, agent, TestLab.TrainReport(1, 1, 10, 0.7)));
    }

    [Fact]
    public void A_batch_with_one_impossible_report_is_refused_whole()
    {
        var (runId, attempt, agent) = _lab.StartRun();

        var refused = Assert.Throws<AgentReportRejectedException>(() => _lab.Report(runId, attempt, agent,
            TestLab.TrainReport(1, 5, 10, 0.7), TestLab.TrainReport(2, 12, 10, 0.6)));

        Assert.Contains("step 12 is beyond the total of 10", refused.Message);
        Assert.Empty(_lab.Metrics.ListForRun(runId));
    }

    [Fact]
    public void Completing_a_run_stores_its_metrics_and_frees_the_agent()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        var counts = new ConfusionCounts(30, 10, 50, 10);

        _lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 12, Evaluation = counts } });

        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(counts, run.Evaluation);
        Assert.Equal("Succeeded", run.Attempts.Single().Outcome);
        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
    }

    [Fact]
    public void A_finished_run_refuses_further_reports()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "out of memory"));

        Assert.Throws<AgentReportRejectedException>(() => _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 1, 10, 0.7)));
        Assert.Equal("out of memory", _lab.Runs.Get(runId)!.FailureReason);
    }

    [Fact]
    public void An_agent_that_registers_again_without_its_run_loses_the_attempt_and_the_run_is_queued_again()
    {
        var (runId, _, agent) = _lab.StartRun();

        _lab.Lifecycle.ReconcileAgent(agent, runStillTraining: null);

        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Queued, run.State);
        Assert.StartsWith("Lost", run.Attempts.Single().Outcome);
        Assert.True(_lab.Agents.Get(agent)!.IsIdle);
        Assert.Equal(2, _lab.Lifecycle.TryAssign(runId, agent)!.Attempt);
    }

    [Fact]
    public void A_run_handed_back_by_a_leaving_agent_is_queued_again_and_that_agent_is_no_longer_offered_runs()
    {
        var (runId, attempt, agent) = _lab.StartRun();

        _lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "the agent shut down", FailureKind.AgentLeaving));

        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Queued, run.State);
        Assert.Null(run.FailureReason);
        Assert.Equal("Lost: the agent shut down", run.Attempts.Single().Outcome);
        Assert.False(_lab.Agents.Get(agent)!.TakesRuns);
    }

    public void Dispose() => _lab.Dispose();
}
