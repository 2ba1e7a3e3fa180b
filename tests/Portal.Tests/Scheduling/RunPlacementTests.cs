using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;

namespace LabPortal.Portal.Tests.Scheduling;

public sealed class RunPlacementTests : IDisposable
{
    private static readonly ModelInfo Tiny = new("tiny", "random", 1000, 64, 2);
    private readonly TestLab _lab = new();

    private IReadOnlyList<(int RunId, string AgentId)> Pass() =>
        RunPlacement.Match(_lab.Runs.ListQueued(), _lab.Agents.List(), a => _lab.Status.StateOf(a) != AgentState.Lost).Select(p => (p.Run.Id, p.Agent.Id)).ToList();

    private int Queue(int priority = 0, DeviceRequirement device = DeviceRequirement.Any, long minMemory = 0)
    {
        var runId = _lab.QueueRun();
        _lab.Runs.Update(runId, r =>
        {
            r.Priority = priority;
            r.RequiredDevice = device;
            r.MinMemoryBytes = minMemory;
            return true;
        });
        return runId;
    }

    private void SetAgent(string agentId, Action<AgentRecord> change) => _lab.Agents.Update(agentId, a =>
    {
        change(a);
        return true;
    });

    [Fact]
    public void The_highest_priority_run_goes_first_and_equal_priorities_go_oldest_first()
    {
        var low = Queue(priority: -1);
        var first = Queue();
        var urgent = Queue(priority: 5);
        var second = Queue();

        Assert.Equal([urgent, first, second, low], _lab.Runs.ListQueued().Select(r => r.Id));
        _lab.ConnectAgent("only", Tiny);
        Assert.Equal([(urgent, "only")], Pass());
    }

    [Fact]
    public void A_run_that_needs_cuda_waits_for_a_cuda_agent_while_later_runs_go_ahead()
    {
        var cuda = Queue(priority: 9, device: DeviceRequirement.Cuda);
        var any = Queue();
        _lab.ConnectAgent("cpu-box", Tiny);

        Assert.Equal([(any, "cpu-box")], Pass());

        _lab.ConnectAgent("gpu-box", Tiny);
        SetAgent("gpu-box", a => a.Device = "cuda:0");
        Assert.Equal([(cuda, "gpu-box"), (any, "cpu-box")], Pass());
    }

    [Fact]
    public void A_run_is_not_given_to_an_agent_with_less_memory_than_it_needs()
    {
        var big = Queue(minMemory: 32L << 30);
        _lab.ConnectAgent("small", Tiny);
        SetAgent("small", a => a.MemoryBytes = 8L << 30);

        Assert.Empty(Pass());

        _lab.ConnectAgent("large", Tiny);
        SetAgent("large", a => a.MemoryBytes = 64L << 30);
        Assert.Equal([(big, "large")], Pass());
    }

    [Fact]
    public void A_catalogue_model_goes_only_to_an_agent_that_lists_it()
    {
        var runId = Queue();
        _lab.ConnectAgent("without-tiny", new ModelInfo("minilm", "pretrained", 22_000_000, 384, 6));
        _lab.ConnectAgent("with-tiny", Tiny);

        Assert.Equal([(runId, "with-tiny")], Pass());
    }

    [Fact]
    public void A_draining_or_busy_agent_is_given_nothing()
    {
        Queue();
        _lab.StartRun("busy");
        _lab.ConnectAgent("draining", Tiny);
        _lab.Admin.Drain("draining");

        Assert.Empty(Pass());
    }

    [Fact]
    public void An_agent_silent_for_three_heartbeats_is_given_nothing_until_it_is_heard_again()
    {
        var runId = Queue();
        _lab.ConnectAgent("quiet", Tiny);
        _lab.Clock.Advance(TimeSpan.FromSeconds(16));

        Assert.Empty(Pass());

        SetAgent("quiet", a => a.LastSeen = _lab.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal([(runId, "quiet")], Pass());
    }

    public void Dispose() => _lab.Dispose();
}
