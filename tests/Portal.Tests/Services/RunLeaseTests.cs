using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Tests.Services;

public sealed class RunLeaseTests : IDisposable
{
    private readonly TestLab _lab = new();
    private readonly RunLeases _leases;

    public RunLeaseTests() =>
        _leases = new RunLeases(_lab.Runs, _lab.Lifecycle, Options.Create(new LabOptions { LeaseSeconds = 30 }), _lab.Clock);

    [Fact]
    public void An_attempt_whose_agent_stays_silent_past_the_lease_is_lost_and_its_run_queued_again()
    {
        var (runId, _, agent) = _lab.StartRun();
        _leases.ExpireDue(); // the lease starts

        _lab.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, _leases.ExpireDue());
        var run = _lab.Runs.Get(runId)!;
        Assert.Equal(RunState.Queued, run.State);
        Assert.Equal($"Lost: lease expired (no heartbeat from agent '{agent}' for 30 s)", run.Attempts.Single().Outcome);
    }

    [Fact]
    public void Heartbeats_within_the_lease_keep_the_attempt_alive()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _leases.ExpireDue();

        for (var i = 0; i < 10; i++)
        {
            _lab.Clock.Advance(TimeSpan.FromSeconds(20));
            _leases.Renew(agent, runId, attempt);
            Assert.Equal(0, _leases.ExpireDue());
        }

        Assert.Equal(RunState.Assigned, _lab.Runs.Get(runId)!.State);
    }

    [Fact]
    public void Heartbeats_that_name_another_attempt_or_no_run_do_not_keep_an_attempt_alive()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _leases.ExpireDue();

        for (var i = 0; i < 2; i++)
        {
            _lab.Clock.Advance(TimeSpan.FromSeconds(20));
            _leases.Renew(agent, null, null);
            _leases.Renew(agent, runId, attempt - 1);
        }

        Assert.Equal(1, _leases.ExpireDue());
        Assert.Equal(RunState.Queued, _lab.Runs.Get(runId)!.State);
    }

    [Fact]
    public void After_a_portal_restart_held_runs_get_a_whole_lease_to_hear_from_their_agents()
    {
        var (runId, _, _) = _lab.StartRun();
        _leases.ExpireDue();
        _lab.Clock.Advance(TimeSpan.FromSeconds(29)); // the portal was down for most of the lease

        _leases.RenewAllAfterStart();
        _lab.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(0, _leases.ExpireDue());
        Assert.Equal(RunState.Assigned, _lab.Runs.Get(runId)!.State);
    }

    [Fact]
    public void A_new_attempt_after_a_lost_one_gets_a_whole_lease_not_the_expired_one_of_the_attempt_before()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _leases.ExpireDue();
        _lab.Clock.Advance(TimeSpan.FromSeconds(25));
        _lab.Lifecycle.ReturnToQueue(runId, attempt, "agent restarted");
        Assert.NotNull(_lab.Lifecycle.TryAssign(runId, agent));

        _lab.Clock.Advance(TimeSpan.FromSeconds(10)); // 35 s after the first lease began, 10 s into the second
        Assert.Equal(0, _leases.ExpireDue());
        _lab.Clock.Advance(TimeSpan.FromSeconds(25));

        Assert.Equal(0, _leases.ExpireDue());
        Assert.Equal(RunState.Assigned, _lab.Runs.Get(runId)!.State);
        Assert.Equal(2, _lab.Runs.Get(runId)!.Attempt);
    }

    [Fact]
    public void A_finished_or_requeued_run_holds_no_lease()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _leases.ExpireDue();

        _lab.Lifecycle.ReturnToQueue(runId, attempt, "agent left");

        Assert.Null(_lab.Runs.Get(runId)!.LeaseExpiresAt);
    }

    [Fact]
    public void The_attempt_after_a_lost_one_resumes_when_the_portal_holds_a_checkpoint()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.AcceptArtifact(agent, runId, attempt, ArtifactNames.Checkpoint, new MemoryStream([1, 2, 3]));
        _lab.Lifecycle.ReturnToQueue(runId, attempt, "lease expired");

        var next = _lab.Lifecycle.TryAssign(runId, agent)!;

        Assert.Equal(2, next.Attempt);
        Assert.True(next.ResumeFromCheckpoint);
    }

    [Fact]
    public void A_requeued_failed_run_starts_afresh_even_with_a_checkpoint()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.AcceptArtifact(agent, runId, attempt, ArtifactNames.Checkpoint, new MemoryStream([1, 2, 3]));
        _lab.Lifecycle.Fail(agent, new Shared.Hubs.RunFailure(agent, runId, attempt, "out of memory"));
        _lab.Control.Requeue(runId);

        var next = _lab.Lifecycle.TryAssign(runId, agent)!;

        Assert.False(next.ResumeFromCheckpoint);
    }

    [Fact]
    public void A_lost_attempt_without_a_checkpoint_starts_afresh()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.ReturnToQueue(runId, attempt, "agent restarted");

        Assert.False(_lab.Lifecycle.TryAssign(runId, agent)!.ResumeFromCheckpoint);
    }

    public void Dispose() => _lab.Dispose();
}
