using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Services;

/// <summary>The transitions people ask for: cancel, queue again, change priority.</summary>
public sealed partial class RunLifecycle
{
    /// <summary>
    /// Cancels a run. A queued run is Canceled at once; an assigned or running one too, its attempt ends Canceled and its
    /// history is kept, while its agent stays busy until it stops (the caller tells it). Null for an unknown run.
    /// </summary>
    public RunRecord? Cancel(int runId)
    {
        var run = Transition(runId, r =>
        {
            if (r.State.IsFinished())
            {
                return $"Run {runId} has already finished ({r.State}); only a queued, assigned or running run can be canceled.";
            }

            if (r.State != RunState.Queued)
            {
                EndAttempt(r, nameof(RunState.Canceled));
            }

            r.State = RunState.Canceled;
            r.FinishedAt = Now;
            return null;
        });

        if (run is not null)
        {
            artifacts.Prune(runId);
        }

        // An agent that is gone cannot be told; it is free as far as the portal knows (it re-registers without the run).
        if (run?.AgentId is { } agentId && agents.Get(agentId) is { IsOnline: false })
        {
            ReleaseAgent(agentId, runId);
        }

        return run;
    }

    /// <summary>Queues a finished run again; its next assignment is a new attempt and earlier attempts stay in its history.</summary>
    public RunRecord? Requeue(int runId)
    {
        var run = Transition(runId, r =>
        {
            if (!r.State.IsFinished())
            {
                return $"Run {runId} is {r.State}; only a succeeded, failed or canceled run can be queued again.";
            }

            ClearOutcome(r);
            r.State = RunState.Queued;
            r.AgentId = null;
            return null;
        });
        if (run is not null)
        {
            scheduler.Wake();
        }

        return run;
    }

    /// <summary>Sets a queued run's priority (higher runs go first).</summary>
    public RunRecord? SetPriority(int runId, int priority)
    {
        if (priority is < -SpecValidator.MaxPriority or > SpecValidator.MaxPriority)
        {
            throw new RunTransitionException(
                $"The priority must be between {-SpecValidator.MaxPriority} and {SpecValidator.MaxPriority} (got {priority}).");
        }

        return Transition(runId, r =>
        {
            if (r.State != RunState.Queued)
            {
                return $"Run {runId} is {r.State}; only a queued run's priority can change.";
            }

            r.Priority = priority;
            return null;
        });
    }

    /// <summary>Applies a change that returns null, or the reason it is impossible (thrown as a RunTransitionException).</summary>
    private RunRecord? Transition(int runId, Func<RunRecord, string?> change)
    {
        string? refusal = null;
        var run = runs.Update(runId, r =>
        {
            refusal = change(r);
            return refusal is null;
        });
        if (refusal is not null)
        {
            throw new RunTransitionException(refusal);
        }

        if (run is not null)
        {
            live.PublishRun(run);
        }

        return run;
    }

    /// <summary>
    /// The agent's outcome of an attempt that was canceled while it trained: the run stays as it is and the agent is free.
    /// </summary>
    private bool AcknowledgeCanceled(string agentId, int runId, int attempt)
    {
        var held = runs.Get(runId)?.Attempts.FirstOrDefault(a => a.Number == attempt);
        if (held is null || held.AgentId != agentId || held.Outcome != nameof(RunState.Canceled))
        {
            return false;
        }

        ReleaseAgent(agentId, runId);
        return true;
    }

    private static void ClearOutcome(RunRecord run)
    {
        run.FailureReason = null;
        run.StartedAt = null;
        run.FinishedAt = null;
        run.Step = 0;
        run.TotalSteps = 0;
        run.ExamplesPerSecond = null;
        run.LastLoss = null;
        run.Evaluation = null;
        run.ClassifierEvaluation = null;
        run.MatchingThreshold = null;
        run.BestStep = null;
        run.EvaluationLoss = null;
        run.TrainSeconds = null;
        run.DatasetFingerprint = null;
        run.TrainableParameters = null;
        run.TotalParameters = null;
    }
}
