using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// Leases on attempts: an assignment holds a lease that its agent's heartbeats renew. When a lease runs out the
/// attempt is lost and the run queued again (a later attempt resumes from the run's last checkpoint).
/// </summary>
public sealed class RunLeases(RunStore runs, RunLifecycle lifecycle, IOptions<LabOptions> options, TimeProvider clock)
{
    public TimeSpan Length => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// A heartbeat or progress from <paramref name="agentId"/> naming the attempt it trains: that attempt's lease starts
    /// again. Only the named attempt: one the agent does not name is not kept alive by its other signs of life.
    /// </summary>
    public void Renew(string agentId, int? runId, int? attempt)
    {
        if (runId is not { } id || runs.Get(id) is not { } run || run.AgentId != agentId || run.Attempt != attempt)
        {
            return;
        }

        if (IsDue(run))
        {
            Extend(run.Id, run.Attempt);
        }
    }

    /// <summary>
    /// Renews the lease of a run that is being written anyway (its agent's progress batch, which has checked that the
    /// attempt is the agent's own), as part of that write: no transaction of its own.
    /// </summary>
    public void RenewIn(RunRecord run)
    {
        if (IsDue(run))
        {
            run.LeaseExpiresAt = Now + Length;
        }
    }

    // Every heartbeat and progress batch renews: write only once half the lease is used, not on each call.
    private bool IsDue(RunRecord run) => run.LeaseExpiresAt is not { } expires || expires - Now < Length / 2;

    /// <summary>
    /// After a portal start: every held attempt gets a whole lease to hear from its agent again (the time the portal
    /// was down is not the agent's fault).
    /// </summary>
    public void RenewAllAfterStart()
    {
        foreach (var run in runs.ListActive())
        {
            Extend(run.Id, run.Attempt);
        }
    }

    /// <summary>Loses the attempts whose lease ran out and queues their runs again; returns how many.</summary>
    public int ExpireDue()
    {
        var expired = 0;
        foreach (var run in runs.ListActive())
        {
            if (run.LeaseExpiresAt is null)
            {
                Extend(run.Id, run.Attempt); // just assigned: the lease starts now
            }
            else if (run.LeaseExpiresAt < Now)
            {
                lifecycle.ReturnToQueue(run.Id, run.Attempt, $"lease expired (no heartbeat from agent '{run.AgentId}' for {Length.TotalSeconds:0.#} s)");
                expired++;
            }
        }

        return expired;
    }

    private void Extend(int runId, int attempt) => runs.Update(runId, r =>
    {
        if (r.Attempt != attempt || r.State is not (RunState.Assigned or RunState.Running))
        {
            return false;
        }

        r.LeaseExpiresAt = Now + Length;
        return true;
    });
}
