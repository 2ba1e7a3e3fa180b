using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;

namespace LabPortal.Portal.Tests.Services;

public sealed class RunLogTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void Only_the_newest_500_lines_of_a_run_are_kept_in_order()
    {
        var (runId, attempt, agent) = _lab.StartRun();

        for (var batch = 0; batch < 6; batch++)
        {
            var lines = Enumerable.Range(batch * 100 + 1, 100).Select(i => $"line {i}").ToList();
            _lab.Lifecycle.AcceptLog(agent, new RunLog(agent, runId, attempt, lines));
        }

        var tail = _lab.Logs.Tail(runId);
        Assert.Equal(RunLogStore.MaxLines, tail.Count);
        Assert.Equal("line 101", tail[0].Text);
        Assert.Equal("line 600", tail[^1].Text);
    }

    [Fact]
    public void Lines_for_a_run_the_agent_does_not_hold_are_refused_and_not_stored()
    {
        var (runId, attempt, _) = _lab.StartRun("agent-1");
        _lab.ConnectAgent("agent-2");

        var refused = Assert.Throws<AgentReportRejectedException>(
            () => _lab.Lifecycle.AcceptLog("agent-2", new RunLog("agent-2", runId, attempt, ["step 1/10"])));

        Assert.Contains("not assigned to agent 'agent-2'", refused.Message);
        Assert.Throws<AgentReportRejectedException>(
            () => _lab.Lifecycle.AcceptLog("agent-1", new RunLog("agent-1", runId, attempt + 1, ["step 1/10"])));
        Assert.Empty(_lab.Logs.Tail(runId));
    }

    [Fact]
    public void Lines_arrive_on_open_pages_as_they_are_stored()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        var seen = new List<string>();
        _lab.Live.LogAdded += (id, lines) => seen.AddRange(lines.Select(l => $"{id}:{l.Attempt}:{l.Text}"));

        _lab.Lifecycle.AcceptLog(agent, new RunLog(agent, runId, attempt, ["step 2/10  loss 0.6931"]));

        Assert.Equal([$"{runId}:{attempt}:step 2/10  loss 0.6931"], seen);
    }

    public void Dispose() => _lab.Dispose();
}
