using System.Text.Json;
using System.Text.Json.Serialization;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;
using LabPortal.Shared;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Hostile;

/// <summary>
/// Hostile input catalogue, category 4 (docs/hostile-inputs.md): malformed and out-of-turn messages from an agent
/// through the real hub (SignalR over the in-memory server). Each is refused with a HubException that names the
/// problem, and the stored run and its points stay as they were.
/// </summary>
public sealed class HostileHubTests : IAsyncDisposable
{
    private const string AgentId = "hostile-agent";

    private readonly PortalFactory _portal = new();
    private readonly List<HubConnection> _connections = [];

    private RunStore Runs => _portal.Services.GetRequiredService<RunStore>();

    private MetricStore Metrics => _portal.Services.GetRequiredService<MetricStore>();

    private static ProgressReport Train(long sequence, int step, int total = 100, double? loss = 0.69) => new()
    {
        Sequence = sequence, Time = DateTimeOffset.UtcNow, Kind = ProgressKind.Train, Step = step, TotalSteps = total, Epoch = step / (double)total, Loss = loss,
    };

    [Fact]
    public async Task A_report_before_registering_is_refused_with_register_first()
    {
        var agent = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, 1, 1, [Train(1, 1)])));

        Assert.Contains("Register again: this connection has not registered an agent id", error.Message);
        Assert.Empty(_portal.Services.GetRequiredService<LabDatabase>().Points.FindAll());
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("../../etc")]
    [InlineData("agent with spaces")]
    [InlineData("")]
    public async Task An_agent_id_with_markup_path_or_space_characters_is_refused_and_no_agent_is_stored(string agentId)
    {
        var agent = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), new AgentRegistration { AgentId = agentId }));

        Assert.Contains("agent id", error.Message);
        Assert.Empty(_portal.Services.GetRequiredService<AgentStore>().List());
    }

    [Fact]
    public async Task A_report_for_a_run_that_does_not_exist_names_the_run()
    {
        var agent = await RegisterAsync(AgentId);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, 4242, 1, [Train(1, 1)])));

        Assert.Contains("Run 4242 does not exist", error.Message);
        Assert.Empty(Metrics.ListForRun(4242));
    }

    [Fact]
    public async Task A_report_of_a_stale_attempt_names_the_current_attempt_and_stores_nothing()
    {
        var (agent, runId) = await RunningAsync();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 2, [Train(1, 5)])));

        Assert.Contains($"Run {runId} attempt 2 is not assigned to agent '{AgentId}' (current: attempt 1", error.Message);
        AssertUnchanged(runId, points: 1, step: 1);
    }

    [Fact]
    public async Task A_report_for_a_run_another_agent_holds_is_refused_naming_both()
    {
        var (_, runId) = await RunningAsync();
        var intruder = await RegisterAsync("intruder");

        var error = await Assert.ThrowsAsync<HubException>(() =>
            intruder.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch("intruder", runId, 1, [Train(2, 50)])));

        Assert.Contains($"not assigned to agent 'intruder' (current: attempt 1 on '{AgentId}')", error.Message);
        AssertUnchanged(runId, points: 1, step: 1);
    }

    [Fact]
    public async Task A_connection_reporting_in_another_agents_name_is_refused()
    {
        var (_, runId) = await RunningAsync();
        var intruder = await RegisterAsync("intruder");

        var error = await Assert.ThrowsAsync<HubException>(() =>
            intruder.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, [Train(2, 50)])));

        Assert.Contains($"This connection is agent 'intruder'; it may not report for '{AgentId}'", error.Message);
        AssertUnchanged(runId, points: 1, step: 1);
    }

    [Fact]
    public async Task Repeated_sequence_numbers_are_stored_once()
    {
        var (agent, runId) = await RunningAsync();

        await agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, [Train(2, 2), Train(2, 2), Train(3, 3)]));
        await agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, [Train(1, 1), Train(3, 3)]));

        Assert.Equal([1L, 2L, 3L], Metrics.ListForRun(runId).Select(p => p.Sequence));
    }

    [Fact]
    public async Task Out_of_order_reports_are_stored_and_listed_by_sequence_and_the_run_step_never_goes_back()
    {
        var (agent, runId) = await RunningAsync();

        await agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, [Train(4, 40)]));
        await agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, [Train(3, 30), Train(2, 20)]));

        using var client = _portal.CreateClient();
        var points = (await client.GetJsonAsync($"/api/runs/{runId}/points")).EnumerateArray().ToList();
        Assert.Equal([1, 20, 30, 40], points.Select(p => p.GetProperty("step").GetInt32()));
        Assert.Equal(40, Runs.Get(runId)!.Step);
    }

    public static TheoryData<string, ProgressReport> BadReports => new()
    {
        { "sequence 0 is below 1", Train(0, 2) },
        { "step -1 is negative", Train(2, -1) },
        { "step 101 is beyond the total of 100", Train(2, 101) },
        { "total steps -5 is negative", Train(2, 0, total: -5) },
        { "epoch -1 is not a non-negative number", Train(2, 2) with { Epoch = -1 } },
        { "the evaluation counts (TP -3, FP 1, TN 1, FN 1) include a negative one", Train(2, 2) with { Kind = ProgressKind.Eval, Evaluation = new ConfusionCounts(-3, 1, 1, 1) } },
        { "the S_match evaluation counts (TP 1, FP -2, TN 1, FN 1) include a negative one", Train(2, 2) with { Kind = ProgressKind.Eval, Evaluation = new ConfusionCounts(1, 1, 1, 1), Matching = new ConfusionCounts(1, -2, 1, 1) } },
        { "the class confusion matrix is not square with at least 3 classes (3 rows)", Train(2, 2) with { Kind = ProgressKind.Eval, Evaluation = Classes([1, 2, 3], [4, 5, 6], [7, 8]) } },
        { "the class confusion matrix has a negative count", Train(2, 2) with { Kind = ProgressKind.Eval, Evaluation = Classes([1, 2, 3], [4, -5, 6], [7, 8, 9]) } },
    };

    private static ConfusionCounts Classes(params long[][] rows) => ConfusionCounts.Of(new ClassConfusion { Rows = rows });

    /// <summary>NaN and ±Infinity: JSON carries them only as named literals ("NaN"), which the hub reads so its rules can refuse them by name.</summary>
    public static TheoryData<string, ProgressReport> NonFiniteReports => new()
    {
        { "the loss is not a finite number", Train(2, 2, loss: double.NaN) },
        { "the loss is not a finite number", Train(2, 2, loss: double.PositiveInfinity) },
        { "the loss is not a finite number", Train(2, 2, loss: double.NegativeInfinity) },
        { "the throughput is not a finite number", Train(2, 2) with { ExamplesPerSecond = double.NaN } },
        { "a learning rate is not a finite number", Train(2, 2) with { LearningRateB = double.PositiveInfinity } },
        { "epoch NaN is not a non-negative number", Train(2, 2) with { Epoch = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    [MemberData(nameof(NonFiniteReports))]
    public void The_report_rules_refuse_a_nonsense_report_naming_the_run_report_and_problem(string problem, ProgressReport report)
    {
        var error = Assert.Throws<AgentReportRejectedException>(() => ProgressReportRules.Check(report, 7));

        Assert.Equal($"Run 7: report {report.Sequence} refused: {problem}.", error.Message);
    }

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task A_nonsense_report_sent_over_the_wire_is_refused_with_its_problem_and_nothing_of_the_batch_is_stored(string problem, ProgressReport report)
    {
        var (agent, runId) = await RunningAsync();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, [Train(5, 5), report])));

        Assert.Contains(problem, error.Message);
        AssertUnchanged(runId, points: 1, step: 1);
    }

    [Theory]
    [MemberData(nameof(NonFiniteReports))]
    public async Task A_non_finite_number_sent_as_a_json_literal_is_refused_naming_it_and_nothing_is_stored(string problem, ProgressReport report)
    {
        // The agent's own options cannot write NaN (see below); a client that allows named literals can.
        var (agent, runId) = await RunningAsync(namedFloatingPointLiterals: true);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, [Train(5, 5), report])));

        Assert.Contains($"Run {runId}: report 2 refused: {problem}", error.Message);
        AssertUnchanged(runId, points: 1, step: 1);
    }

    [Fact]
    public void The_agents_own_json_options_cannot_even_write_a_nan_loss() =>
        Assert.Throws<ArgumentException>(() => LabJson.Serialize(Train(1, 1, loss: double.NaN)));

    [Fact]
    public async Task A_batch_of_a_thousand_reports_is_refused_naming_the_cap_and_none_is_stored()
    {
        var (agent, runId) = await RunningAsync();
        var reports = Enumerable.Range(2, 1000).Select(i => Train(i, 2)).ToList();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, reports)));

        Assert.Contains($"1000 progress reports in one batch; at most {ProgressReportRules.MaxReportsPerBatch}", error.Message);
        AssertUnchanged(runId, points: 1, step: 1);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_closes_the_connection_and_stores_nothing()
    {
        var (agent, runId) = await RunningAsync();
        var closed = new TaskCompletionSource<Exception?>();
        agent.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };

        var huge = new RunLog(AgentId, runId, 1, [new string('x', 300 * 1024)]);
        await Assert.ThrowsAnyAsync<Exception>(() => agent.InvokeAsync(nameof(IAgentHub.ReportLogAsync), huge));

        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(reason);
        Assert.Empty(_portal.Services.GetRequiredService<RunLogStore>().Tail(runId));
        AssertUnchanged(runId, points: 1, step: 1);
    }

    [Fact]
    public async Task A_completion_for_a_run_that_is_not_running_on_the_agent_is_refused()
    {
        var agent = await RegisterAsync(AgentId);
        var runId = CreateQueuedRun();
        _portal.Services.GetRequiredService<RunLifecycle>().Cancel(runId);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), Completion(runId)));

        Assert.Contains($"Run {runId} attempt 1 is not assigned to agent '{AgentId}'", error.Message);
        Assert.Equal(RunState.Canceled, Runs.Get(runId)!.State);
    }

    [Fact]
    public async Task A_three_class_result_is_stored_with_its_matrix_and_read_back_with_its_accuracy()
    {
        var (agent, runId) = await RunningAsync();
        var mnli = Classes([30, 5, 5], [4, 28, 8], [2, 6, 32]);

        await agent.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), Completion(runId) with { Outcome = Completion(runId).Outcome with { Evaluation = mnli } });

        var stored = Runs.Get(runId)!.Evaluation!;
        Assert.Equal(mnli.Classes!.Rows, stored.Classes!.Rows);
        Assert.Equal(90.0 / 120, stored.Accuracy, 12);
    }

    [Fact]
    public async Task A_regression_result_is_stored_with_its_correlations()
    {
        var (agent, runId) = await RunningAsync();
        var stsb = new RegressionScores(0.81, 0.79, 0.62, 345);

        await agent.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), Completion(runId) with { Outcome = Completion(runId).Outcome with { Evaluation = ConfusionCounts.Empty, Regression = stsb } });

        Assert.Equal(stsb, Runs.Get(runId)!.Regression);
    }

    [Fact]
    public async Task A_second_completion_is_refused_and_the_first_result_stays()
    {
        var (agent, runId) = await RunningAsync();
        await agent.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), Completion(runId));

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), Completion(runId) with { Outcome = new() { Evaluation = new ConfusionCounts(0, 0, 0, 100) } }));

        Assert.Contains($"Run {runId} has already finished (Succeeded)", error.Message);
        var run = Runs.Get(runId)!;
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(new ConfusionCounts(40, 10, 40, 10), run.Evaluation);
    }

    public static TheoryData<string, RunCompletion> BadCompletions => new()
    {
        { "the evaluation counts (TP -1, FP 10, TN 40, FN 10) include a negative one", WithOutcome(o => o with { Evaluation = new ConfusionCounts(-1, 10, 40, 10) }) },
        { "the classifier evaluation counts", WithOutcome(o => o with { ClassifierEvaluation = new ConfusionCounts(1, 1, -1, 1) }) },
        { "steps -4 is negative", WithOutcome(o => o with { Steps = -4 }) },
        { "the training time -2 s is not a non-negative number", WithOutcome(o => o with { TrainSeconds = -2 }) },
        { "a parameter count is negative", WithOutcome(o => o with { TrainableParameters = -1 }) },
        { "C3's γ 3 or δ 0.1 is not between 0 and 1", WithOutcome(o => o with { MatchingGamma = 3, MatchingDelta = 0.1 }) },
        { "the correlations (Pearson 1.5, Spearman 0.5) are not between -1 and 1", WithOutcome(o => o with { Regression = new RegressionScores(1.5, 0.5, 0.3, 40) }) },
    };

    [Theory]
    [MemberData(nameof(BadCompletions))]
    public async Task A_completion_with_nonsense_numbers_is_refused_and_the_run_keeps_running(string problem, RunCompletion completion)
    {
        var (agent, runId) = await RunningAsync();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), completion with { RunId = runId }));

        Assert.Contains($"Run {runId}: completion refused: {problem}", error.Message);
        var run = Runs.Get(runId)!;
        Assert.Equal(RunState.Running, run.State);
        Assert.Null(run.Evaluation);
    }

    [Fact]
    public async Task A_log_report_of_too_many_lines_is_refused_naming_the_limit()
    {
        var (agent, runId) = await RunningAsync();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.ReportLogAsync), new RunLog(AgentId, runId, 1, Enumerable.Repeat("line", 201).ToList())));

        Assert.Contains($"201 log lines in one report; at most {RunLifecycle.MaxLogLinesPerReport}", error.Message);
        Assert.Empty(_portal.Services.GetRequiredService<RunLogStore>().Tail(runId));
    }

    private static RunCompletion WithOutcome(Func<RunOutcome, RunOutcome> change) =>
        Completion(0) with { Outcome = change(Completion(0).Outcome) };

    private static RunCompletion Completion(int runId) => new()
    {
        AgentId = AgentId, RunId = runId, Attempt = 1, Outcome = new() { Steps = 100, Evaluation = new ConfusionCounts(40, 10, 40, 10), TrainSeconds = 12, TrainableParameters = 10, TotalParameters = 100 },
    };

    /// <summary>A run assigned to the registered agent, which has reported step 1 (sequence 1): the state every refusal must leave.</summary>
    private async Task<(HubConnection Agent, int RunId)> RunningAsync(bool namedFloatingPointLiterals = false)
    {
        var agent = await RegisterAsync(AgentId, namedFloatingPointLiterals);
        var runId = CreateQueuedRun();
        if (_portal.Services.GetRequiredService<RunLifecycle>().TryAssign(runId, AgentId) is null)
        {
            // The scheduler got there first; it can only have given it to the one agent there is.
            Assert.Equal(AgentId, Runs.Get(runId)!.AgentId);
        }

        await agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(AgentId, runId, 1, [Train(1, 1)]));
        AssertUnchanged(runId, points: 1, step: 1);
        return (agent, runId);
    }

    private int CreateQueuedRun()
    {
        var spec = LabJson.Serialize(new ExperimentSpec());
        return _portal.Services.GetRequiredService<ExperimentStore>().Create(
            new ExperimentRecord { Name = "hostile hub", SpecJson = spec },
            [new RunRecord { SpecJson = spec, State = RunState.Queued }]).RunIds[0];
    }

    private void AssertUnchanged(int runId, int points, int step)
    {
        var run = Runs.Get(runId)!;
        Assert.Equal(RunState.Running, run.State);
        Assert.Equal(step, run.Step);
        Assert.Equal(points, Metrics.ListForRun(runId).Count);
    }

    private async Task<HubConnection> RegisterAsync(string agentId, bool namedFloatingPointLiterals = false)
    {
        var connection = await ConnectAsync(namedFloatingPointLiterals);
        await connection.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), new AgentRegistration { AgentId = agentId });
        return connection;
    }

    private async Task<HubConnection> ConnectAsync(bool namedFloatingPointLiterals = false)
    {
        var connection = TestAgentConnection.Create(_portal, PortalFactory.TestToken, namedFloatingPointLiterals
            ? new JsonSerializerOptions(LabJson.Options) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals }
            : null);
        _connections.Add(connection);
        await connection.StartAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await _portal.DisposeAsync();
    }
}
