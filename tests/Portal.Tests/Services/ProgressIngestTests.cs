using LabPortal.Portal.Services;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Tests.Services;

/// <summary>A progress batch is one write: its points, the run's summary and the attempt's lease together or not at all.</summary>
public sealed class ProgressIngestTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void A_progress_batch_stores_its_points_and_the_runs_summary_in_one_transaction()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        var commits = _lab.Database.Commits;

        _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 1, 10, 0.7), TestLab.TrainReport(2, 2, 10, 0.6));

        Assert.Equal(commits + 1, _lab.Database.Commits);
        Assert.Equal(2, _lab.Metrics.ListForRun(runId).Count);
        Assert.Equal((RunState.Running, 2, 0.6), (_lab.Runs.Get(runId)!.State, _lab.Runs.Get(runId)!.Step, _lab.Runs.Get(runId)!.LastLoss));
    }

    [Fact]
    public void A_progress_batch_that_renews_the_lease_does_so_in_the_same_transaction()
    {
        var leases = new RunLeases(_lab.Runs, _lab.Lifecycle, Options.Create(new LabOptions { LeaseSeconds = 30 }), _lab.Clock);
        var (runId, attempt, agent) = _lab.StartRun();
        var commits = _lab.Database.Commits;

        _lab.Lifecycle.AcceptProgress(agent, new ProgressBatch(agent, runId, attempt, [TestLab.TrainReport(1, 1, 10, 0.7)]), alsoChange: leases.RenewIn);

        Assert.Equal(commits + 1, _lab.Database.Commits);
        Assert.Equal(_lab.Clock.GetUtcNow().UtcDateTime + leases.Length, _lab.Runs.Get(runId)!.LeaseExpiresAt);
    }

    [Fact]
    public void A_failure_while_the_run_is_written_stores_none_of_the_batchs_points()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 1, 10, 0.7));

        var failing = new ProgressBatch(agent, runId, attempt, [TestLab.TrainReport(2, 2, 10, 0.6), TestLab.TrainReport(3, 3, 10, 0.5)]);
        Assert.Throws<InvalidOperationException>(() =>
            _lab.Lifecycle.AcceptProgress(agent, failing, alsoChange: _ => throw new InvalidOperationException("the run cannot be written")));

        Assert.Equal([1L], _lab.Metrics.ListForRun(runId).Select(p => p.Sequence));
        Assert.Equal(1, _lab.Runs.Get(runId)!.Step);
    }

    [Fact]
    public void A_batch_with_one_bad_report_is_refused_naming_it_and_neither_points_nor_run_change()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 1, 10, 0.7));
        var before = _lab.Runs.Get(runId)!;
        var commits = _lab.Database.Commits;

        var refused = Assert.Throws<AgentReportRejectedException>(() => _lab.Report(runId, attempt, agent,
            TestLab.TrainReport(2, 2, 10, 0.6), TestLab.TrainReport(3, 3, 10, double.NaN), TestLab.TrainReport(4, 4, 10, 0.5)));

        Assert.Contains("report 3 refused: the loss is not a finite number", refused.Message);
        Assert.Equal(commits, _lab.Database.Commits);
        Assert.Equal([1L], _lab.Metrics.ListForRun(runId).Select(p => p.Sequence));
        Assert.Equal((before.Step, before.LastLoss, before.State), (_lab.Runs.Get(runId)!.Step, _lab.Runs.Get(runId)!.LastLoss, _lab.Runs.Get(runId)!.State));
    }

    [Fact]
    public void Adapter_norms_are_stored_with_their_point_an_overflowed_one_as_null()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        AdapterNorm[] norms = [new("encoder.layer.0.query", 1.5, 0.02, 0.004), new("encoder.layer.0.value", 1.4, null, null)];

        _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 1, 10, 0.7) with { Adapters = norms });

        Assert.Equal(norms, _lab.Metrics.ListForRun(runId).Single().Adapters);
    }

    [Fact]
    public void A_negative_adapter_norm_is_refused_naming_its_layer()
    {
        var (runId, attempt, agent) = _lab.StartRun();

        var refused = Assert.Throws<AgentReportRejectedException>(() => _lab.Report(runId, attempt, agent,
            TestLab.TrainReport(1, 1, 10, 0.7) with { Adapters = [new("encoder.layer.1.query", 1.0, -0.5, 0.1)] }));

        Assert.Contains("layer encoder.layer.1.query's adapter norms are not non-negative finite numbers", refused.Message);
        Assert.Empty(_lab.Metrics.ListForRun(runId));
    }

    [Fact]
    public void Open_pages_hear_of_the_batch_once_it_is_stored_the_run_and_its_new_points()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        var heard = new List<string>();
        _lab.Live.RunChanged += run => heard.Add($"run {run.Id} step {run.Step} stored {_lab.Runs.Get(run.Id)!.Step}");
        _lab.Live.PointsAdded += (id, points) => heard.Add($"points {id} {string.Join(',', points.Select(p => p.Sequence))} stored {_lab.Metrics.ListForRun(id).Count}");

        _lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 1, 10, 0.7), TestLab.TrainReport(2, 2, 10, 0.6));

        Assert.Equal([$"run {runId} step 2 stored 2", $"points {runId} 1,2 stored 2"], heard);
    }

    [Fact]
    public async Task Batches_that_wait_while_another_is_written_share_the_next_transaction()
    {
        var runs = Enumerable.Range(1, 3).Select(i => _lab.StartRun($"agent-{i}")).ToList();
        var commits = _lab.Database.Commits;

        var outcomes = await WhileOneWritesAsync(runs, failingAgent: null);

        Assert.Equal(["stored", "stored", "stored"], outcomes);
        Assert.All(runs, r => Assert.Single(_lab.Metrics.ListForRun(r.RunId)));
        Assert.InRange(_lab.Database.Commits - commits, 1, 2); // the first writer's, and one for the two that waited
    }

    [Fact]
    public async Task Waiting_batches_share_a_transaction_only_up_to_its_number_of_reports()
    {
        var runs = Enumerable.Range(1, 3).Select(i => _lab.StartRun($"agent-{i}")).ToList();
        var commits = _lab.Database.Commits;

        // The two that wait hold more reports together than one commit takes: each is written in a commit of its own.
        var outcomes = await WhileOneWritesAsync(runs, failingAgent: null, reportsPerBatch: (RunLifecycle.MaxReportsPerCommit / 2) + 1);

        Assert.Equal(["stored", "stored", "stored"], outcomes);
        Assert.All(runs, r => Assert.Equal((RunLifecycle.MaxReportsPerCommit / 2) + 1, _lab.Metrics.ListForRun(r.RunId).Count));
        Assert.Equal(3, _lab.Database.Commits - commits);
    }

    [Fact]
    public async Task A_batch_that_cannot_be_written_fails_alone_and_the_batches_sharing_its_transaction_are_stored()
    {
        var runs = Enumerable.Range(1, 3).Select(i => _lab.StartRun($"agent-{i}")).ToList();

        var outcomes = await WhileOneWritesAsync(runs, failingAgent: "agent-2");

        Assert.Equal(["stored", "failed", "stored"], outcomes);
        Assert.Equal([1, 0, 1], runs.Select(r => _lab.Metrics.ListForRun(r.RunId).Count));
    }

    /// <summary>
    /// Sends one batch per run while the test holds the write lock: whichever call writes first waits for it, the
    /// others queue behind that one. Returns "stored" or "failed" per run.
    /// </summary>
    private async Task<string[]> WhileOneWritesAsync(List<(int RunId, int Attempt, string AgentId)> runs, string? failingAgent, int reportsPerBatch = 1)
    {
        var reports = Enumerable.Range(1, reportsPerBatch).Select(i => TestLab.TrainReport(i, i, reportsPerBatch, 0.7)).ToList();
        var calls = new List<Task<Task>>();
        lock (_lab.Database.WriteGate)
        {
            foreach (var (runId, attempt, agent) in runs)
            {
                Action<RunRecord>? change = agent == failingAgent ? _ => throw new InvalidOperationException($"{agent}'s run cannot be written") : null;
                var batch = new ProgressBatch(agent, runId, attempt, reports);
                calls.Add(Task.Factory.StartNew(() => _lab.Lifecycle.AcceptProgressAsync(agent, batch, change), TaskCreationOptions.LongRunning));
            }

            Assert.True(SpinWait.SpinUntil(() => calls.Count(c => c.IsCompleted) == runs.Count - 1, TimeSpan.FromSeconds(30)), "all but the writer should queue");
        }

        return await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await await call;
                return "stored";
            }
            catch (InvalidOperationException)
            {
                return "failed";
            }
        }));
    }

    public void Dispose() => _lab.Dispose();
}
