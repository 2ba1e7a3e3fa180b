using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using LabPortal.Shared;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// A run's life as the portal keeps it: assignment, progress, log lines, completion and failure (here), the changes people
/// ask for (RunLifecycle.Queue.cs) and agreement with what agents say they train (RunLifecycle.Reconcile.cs). Which state
/// each event leads to, and what else it does, is the table in <see cref="RunTransitions"/>; RunLifecycle.Transitions.cs
/// writes a step (run and agent in one transaction) and then publishes it to open pages.
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
            if (runs.Get(runId) is not { } waiting || RunTransitions.Find(waiting.State, RunEvent.Assign) is null)
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

            var change = Record(runId, RunEvent.Assign, change: r => StartAttempt(r, agent)) with { Agent = agent };
            // Read inside the change: a spec the portal cannot read leaves neither run nor agent changed.
            return new { Change = change, Spec = LabJson.Deserialize<ExperimentSpec>(change.Run!.SpecJson) };
        });
        if (assigned is null)
        {
            return null;
        }

        Announce(assigned.Change);
        var run = assigned.Change.Run!;
        // An attempt after a lost one continues from the last checkpoint its agent uploaded, when there is one.
        var previous = run.Attempts.LastOrDefault(a => a.Number == run.Attempt - 1);
        var resume = previous?.Outcome.StartsWith(LostOutcome, StringComparison.Ordinal) == true && artifacts.Exists(run.Id, ArtifactNames.Checkpoint);
        return new RunAssignment(run.Id, run.Attempt, assigned.Spec) { ResumeFromCheckpoint = resume };
    }

    /// <summary>
    /// The attempt cannot go on (undeliverable, or its agent restarted): it is lost and the run is queued again. The agent
    /// is free again unless <paramref name="agentStaysBusy"/> (it is still training something else; a heartbeat frees it).
    /// </summary>
    public void ReturnToQueue(int runId, int attempt, string reason, bool agentStaysBusy = false) =>
        Apply(runId, RunEvent.Lose, attempt, lostBecause: reason, agentStaysBusy: agentStaysBusy);

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
        Apply(completion.RunId, RunEvent.Complete, completion.Attempt, r => r.Keep(completion.Outcome));
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

        Apply(failure.RunId, RunEvent.Fail, failure.Attempt, r =>
        {
            r.FailureReason = string.IsNullOrWhiteSpace(failure.Reason) ? "The agent gave no reason." : failure.Reason;
        });
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
}
