using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services;

/// <summary>
/// The rules of a run's life: assignment, progress, log lines, completion and failure (here), and the changes people
/// ask for: cancel, requeue, priority (RunLifecycle.Queue.cs). Each change is stored first and then published to open pages.
/// </summary>
public sealed partial class RunLifecycle(
    LabDatabase database, RunStore runs, AgentStore agents, MetricStore metrics, ArtifactStore artifacts, RunLogStore logs, LiveUpdates live, SchedulerSignal scheduler,
    TimeProvider clock)
{
    /// <summary>More lines than an agent prints between two progress batches; a bigger message is refused.</summary>
    public const int MaxLogLinesPerReport = 200;
    public const int MaxLogLineLength = 2000;

    /// <summary>How a lost attempt's outcome starts (its agent vanished, restarted, left, or its lease ran out).</summary>
    public const string LostOutcome = "Lost";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Gives a queued run to an idle agent as a new attempt; null if either is no longer free (or the agent drains).</summary>
    public RunAssignment? TryAssign(int runId, string agentId)
    {
        // Agent and run change together or not at all: a failure between them cannot leave an agent holding a queued run.
        var assigned = database.Together(() =>
        {
            if (runs.Get(runId)?.State != RunState.Queued)
            {
                return null;
            }

            var agent = agents.Update(agentId, a =>
            {
                if (!a.TakesRuns)
                {
                    return false;
                }

                a.CurrentRunId = runId;
                return true;
            });
            if (agent is null)
            {
                return null;
            }

            var run = runs.Update(runId, r =>
            {
                r.State = RunState.Assigned;
                r.Attempt++;
                r.AgentId = agentId;
                r.FailureReason = null;
                r.LeaseExpiresAt = null; // a new attempt's lease starts fresh (RunLeases), never from an earlier attempt's
                r.Attempts.Add(new RunAttempt
                {
                    Number = r.Attempt, AgentId = agentId, AssignedAt = Now,
                    Machine = agent.Machine, Device = agent.Device, DeviceName = agent.DeviceName, Versions = new(agent.Versions),
                });
                return true;
            })!;
            return new { Agent = agent, Run = run, Spec = LabJson.Deserialize<ExperimentSpec>(run.SpecJson) };
        });
        if (assigned is null)
        {
            return null;
        }

        var run = assigned.Run;
        live.PublishAgent(assigned.Agent);
        live.PublishRun(run);
        // An attempt after a lost one continues from the last checkpoint its agent uploaded, when there is one.
        var previous = run.Attempts.LastOrDefault(a => a.Number == run.Attempt - 1);
        var resume = previous?.Outcome.StartsWith(LostOutcome, StringComparison.Ordinal) == true && artifacts.Exists(run.Id, ArtifactNames.Checkpoint);
        return new RunAssignment(run.Id, run.Attempt, assigned.Spec) { ResumeFromCheckpoint = resume };
    }

    /// <summary>
    /// The attempt cannot go on (undeliverable, or its agent restarted): it is lost and the run is queued again. The agent
    /// is free again unless <paramref name="agentStaysBusy"/> (it is still training something else; a heartbeat frees it).
    /// </summary>
    public void ReturnToQueue(int runId, int attempt, string reason, bool agentStaysBusy = false)
    {
        var (run, agent) = database.Together(() =>
        {
            string? agentId = null;
            var run = runs.Update(runId, r =>
            {
                if (r.Attempt != attempt || r.State is not (RunState.Assigned or RunState.Running))
                {
                    return false;
                }

                EndAttempt(r, $"{LostOutcome}: {reason}");
                agentId = r.AgentId;
                r.State = RunState.Queued;
                r.AgentId = null;
                return true;
            });
            return (run, run is null || agentStaysBusy ? null : FreeAgent(agentId!, runId));
        });
        if (run is not null)
        {
            live.PublishRun(run);
            PublishFreed(agent);
        }
    }

    /// <summary>Stores new progress reports of the agent's current attempt and moves the run to Running.</summary>
    public void AcceptProgress(string agentId, ProgressBatch batch)
    {
        RequireCurrentAttempt(agentId, batch.RunId, batch.Attempt);
        ProgressReportRules.Check(batch);

        var fresh = metrics.Append(batch.RunId, batch.Attempt, batch.Reports);
        var latest = batch.Reports.Where(r => r.Kind == ProgressKind.Train).MaxBy(r => r.Sequence);
        var run = runs.Update(batch.RunId, r =>
        {
            if (r.Attempt != batch.Attempt || r.State.IsFinished())
            {
                return false;
            }

            r.State = RunState.Running;
            r.StartedAt ??= Now;
            if (latest is not null && latest.Step >= r.Step)
            {
                r.Step = latest.Step;
                r.TotalSteps = latest.TotalSteps;
                r.ExamplesPerSecond = latest.ExamplesPerSecond ?? r.ExamplesPerSecond;
                r.LastLoss = latest.Loss ?? r.LastLoss;
            }

            return true;
        });

        if (run is not null)
        {
            live.PublishRun(run);
        }

        live.PublishPoints(batch.RunId, fresh);
    }

    /// <summary>Stores lines the agent printed for its current attempt (the newest few hundred per run are kept).</summary>
    public void AcceptLog(string agentId, RunLog log)
    {
        RequireCurrentAttempt(agentId, log.RunId, log.Attempt);
        if (log.Lines.Count > MaxLogLinesPerReport)
        {
            throw new AgentReportRejectedException($"Run {log.RunId}: {log.Lines.Count} log lines in one report; at most {MaxLogLinesPerReport}.");
        }

        var lines = log.Lines.Select(l => l is null ? "" : l.Length > MaxLogLineLength ? l[..MaxLogLineLength] + "…" : l);
        live.PublishLog(log.RunId, logs.Append(log.RunId, log.Attempt, lines));
    }

    /// <summary>The agent finished its attempt: the run succeeds with the final evaluation (unless it was canceled meanwhile).</summary>
    public void Complete(string agentId, RunCompletion completion)
    {
        if (AcknowledgeCanceled(agentId, completion.RunId, completion.Attempt))
        {
            return;
        }

        RequireCurrentAttempt(agentId, completion.RunId, completion.Attempt);
        ProgressReportRules.Check(completion);
        Finish(completion.RunId, completion.Attempt, agentId, r =>
        {
            r.State = RunState.Succeeded;
            r.Step = r.TotalSteps > 0 ? r.TotalSteps : completion.Steps;
            r.TotalSteps = Math.Max(r.TotalSteps, completion.Steps);
            r.Evaluation = completion.Evaluation;
            r.ClassifierEvaluation = completion.ClassifierEvaluation;
            r.BestStep = completion.BestStep;
            r.MatchingThreshold = completion.MatchingThreshold is { } tau && double.IsFinite(tau) ? tau : null;
            r.EvaluationLoss = completion.EvaluationLoss is { } loss && double.IsFinite(loss) ? loss : null;
            r.TrainSeconds = completion.TrainSeconds;
            r.DatasetFingerprint = completion.DatasetFingerprint;
            r.TrainableParameters = completion.TrainableParameters;
            r.TotalParameters = completion.TotalParameters;
        });
    }

    /// <summary>Stores a file of the agent's current attempt (before it reports completion; a checkpoint any time).</summary>
    public void AcceptArtifact(string agentId, int runId, int attempt, string name, Stream content)
    {
        if (!ArtifactNames.IsValid(name))
        {
            throw new AgentReportRejectedException($"Run {runId}: '{name}' is not an artifact name (lower-case letters, digits, '.', '_', '-').");
        }

        RequireCurrentAttempt(agentId, runId, attempt);
        artifacts.Save(runId, attempt, name, content); // under the attempt's own ids: the attempt may be lost meanwhile
    }

    /// <summary>
    /// The agent could not finish its attempt: the run fails with the agent's reason, or is queued again when the agent
    /// is leaving or was busy with something else.
    /// </summary>
    public void Fail(string agentId, RunFailure failure)
    {
        if (AcknowledgeCanceled(agentId, failure.RunId, failure.Attempt))
        {
            return;
        }

        RequireCurrentAttempt(agentId, failure.RunId, failure.Attempt);
        if (failure.Kind == FailureKind.AgentBusy)
        {
            ReturnToQueue(failure.RunId, failure.Attempt, failure.Reason, agentStaysBusy: true);
            return;
        }

        if (failure.Kind == FailureKind.AgentLeaving)
        {
            // The agent is leaving: offline first, so the scheduler does not hand the run straight back to it.
            var leaving = agents.Update(agentId, a =>
            {
                a.ConnectionId = null;
                return true;
            });
            if (leaving is not null)
            {
                live.PublishAgent(leaving);
            }

            ReturnToQueue(failure.RunId, failure.Attempt, failure.Reason);
            return;
        }

        Finish(failure.RunId, failure.Attempt, agentId, r =>
        {
            r.State = RunState.Failed;
            r.FailureReason = string.IsNullOrWhiteSpace(failure.Reason) ? "The agent gave no reason." : failure.Reason;
        });
    }

    private void Finish(int runId, int attempt, string agentId, Action<RunRecord> outcome)
    {
        var (run, agent) = database.Together(() =>
        {
            var run = runs.Update(runId, r =>
            {
                if (r.Attempt != attempt || r.State.IsFinished())
                {
                    return false;
                }

                outcome(r);
                r.FinishedAt = Now;
                EndAttempt(r, r.State.ToString());
                return true;
            });
            return (run, FreeAgent(agentId, runId));
        });
        if (run is not null)
        {
            artifacts.Prune(runId);
            live.PublishRun(run);
        }

        PublishFreed(agent);
    }

    private void RequireCurrentAttempt(string agentId, int runId, int attempt)
    {
        var run = runs.Get(runId) ?? throw new AgentReportRejectedException($"Run {runId} does not exist.");
        if (run.AgentId != agentId || run.Attempt != attempt)
        {
            throw new AgentReportRejectedException(
                $"Run {runId} attempt {attempt} is not assigned to agent '{agentId}' (current: attempt {run.Attempt} on '{run.AgentId}').");
        }

        if (run.State.IsFinished())
        {
            throw new AgentReportRejectedException($"Run {runId} has already finished ({run.State}).");
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
