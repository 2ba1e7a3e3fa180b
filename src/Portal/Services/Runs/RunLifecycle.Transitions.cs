using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// How every change of a run's state is made: the step comes from <see cref="RunTransitions"/>; this part only writes
/// it (the run and the agent it frees in one transaction), then publishes it and wakes the scheduler.
/// </summary>
public sealed partial class RunLifecycle
{
    /// <summary>What one event wrote: the run (null if nothing changed), the agent it freed or took, the step taken.</summary>
    private sealed record RunChange(RunRecord? Run, RunTransition Step, AgentRecord? Agent = null)
    {
        public static readonly RunChange Nothing = new(null, default);
    }

    /// <summary>
    /// Applies <paramref name="what"/> to the run and publishes it. An agent's report of an attempt that is no longer
    /// current, or that its run's state does not take, changes nothing; a person's change the state does not allow
    /// throws <see cref="RunTransitionException"/>. Null when nothing changed.
    /// </summary>
    private RunRecord? Apply(int runId, RunEvent what, int? attempt = null, Action<RunRecord>? change = null,
        string? lostBecause = null, bool agentStaysBusy = false)
    {
        var done = database.Together(() => Record(runId, what, attempt, change, lostBecause, agentStaysBusy));
        Announce(done);
        return done.Run;
    }

    /// <summary>The writing half of <see cref="Apply"/>, inside the caller's transaction.</summary>
    private RunChange Record(int runId, RunEvent what, int? attempt = null, Action<RunRecord>? change = null,
        string? lostBecause = null, bool agentStaysBusy = false)
    {
        RunState? refusedIn = null;
        RunTransition step = default;
        string? heldBy = null;
        var run = runs.Update(runId, r =>
        {
            if (attempt is { } current && r.Attempt != current)
            {
                return false; // a report of an earlier attempt
            }

            if (RunTransitions.Find(r.State, what) is not { } allowed)
            {
                refusedIn = r.State;
                return false;
            }

            step = allowed;
            heldBy = r.AgentId;
            change?.Invoke(r);
            r.State = step.To;
            Carry(r, step.Effects, what == RunEvent.Lose ? $"{LostOutcome}: {lostBecause}" : step.To.ToString());
            return true;
        });
        if (refusedIn is { } state && what is RunEvent.Cancel or RunEvent.Requeue or RunEvent.Reprioritize)
        {
            throw new RunTransitionException(RunTransitions.Refusal(runId, state, what));
        }

        if (run is null)
        {
            return RunChange.Nothing;
        }

        // A canceled run's agent is told to stop and frees itself by reporting; one that is offline cannot, so it is free now.
        var frees = step.Effects.HasFlag(RunEffects.FreeAgent) && !agentStaysBusy
                    || step.Effects.HasFlag(RunEffects.StopAgent) && heldBy is not null && agents.Get(heldBy) is { IsOnline: false };
        return new RunChange(run, step, frees && heldBy is not null ? FreeAgent(heldBy, runId) : null);
    }

    /// <summary>The effects that are written into the run record itself.</summary>
    private void Carry(RunRecord run, RunEffects effects, string attemptOutcome)
    {
        if (effects.HasFlag(RunEffects.EndAttempt))
        {
            EndAttempt(run, attemptOutcome);
        }

        if (effects.HasFlag(RunEffects.Finish))
        {
            run.FinishedAt = Now;
        }

        if (effects.HasFlag(RunEffects.ClearOutcome))
        {
            run.ClearOutcome();
        }

        if (effects.HasFlag(RunEffects.DetachAgent))
        {
            run.AgentId = null;
        }
    }

    /// <summary>After the transaction: old files go, open pages hear of the change, and a free agent or a waiting run wakes the scheduler.</summary>
    private void Announce(RunChange done)
    {
        if (done.Run is not { } run)
        {
            return;
        }

        if (done.Step.Effects.HasFlag(RunEffects.Finish))
        {
            artifacts.Prune(run.Id);
        }

        live.PublishRun(run);
        if (done.Agent is { } agent)
        {
            live.PublishAgent(agent);
        }

        if (done.Agent is { CurrentRunId: null } || run.State == RunState.Queued && done.Step.Effects != RunEffects.None)
        {
            scheduler.Wake();
        }
    }

    private void ReleaseAgent(string agentId, int runId) => PublishFreed(FreeAgent(agentId, runId));

    /// <summary>Stores the agent as free of this run; the agent if it held it, else null. Publishing is the caller's.</summary>
    private AgentRecord? FreeAgent(string agentId, int runId) => agents.Update(agentId, a =>
    {
        if (a.CurrentRunId != runId)
        {
            return false;
        }

        a.CurrentRunId = null;
        return true;
    });

    private void PublishFreed(AgentRecord? agent)
    {
        if (agent is not null)
        {
            live.PublishAgent(agent);
            scheduler.Wake();
        }
    }

    private void StartAttempt(RunRecord run, AgentRecord agent)
    {
        run.Attempt++;
        run.AgentId = agent.Id;
        run.FailureReason = null;
        run.LeaseExpiresAt = null; // a new attempt's lease starts fresh (RunLeases), never from an earlier attempt's
        run.Attempts.Add(new RunAttempt
        {
            Number = run.Attempt, AgentId = agent.Id, AssignedAt = Now,
            Machine = agent.Machine, Device = agent.Device, DeviceName = agent.DeviceName, Versions = new(agent.Versions),
        });
    }

    private void EndAttempt(RunRecord run, string outcome)
    {
        run.LeaseExpiresAt = null;
        var current = run.Attempts.LastOrDefault(a => a.Number == run.Attempt);
        if (current is not null)
        {
            current.EndedAt = Now;
            current.Outcome = outcome;
        }
    }
}
