namespace LabPortal.Shared.Runs;

/// <summary>What can happen to a run: the agent's reports, the portal's own decisions and what people ask for.</summary>
public enum RunEvent
{
    /// <summary>The scheduler gives the run to an idle agent as a new attempt.</summary>
    Assign,

    /// <summary>The agent reports progress of its current attempt.</summary>
    Progress,

    /// <summary>The agent finished its attempt with an evaluation.</summary>
    Complete,

    /// <summary>The agent could not finish its attempt, for a reason in the run.</summary>
    Fail,

    /// <summary>
    /// The attempt is lost without the run's fault: its agent vanished, restarted, left, was busy or was removed, its
    /// lease ran out, or the assignment could not be delivered. The run waits for its next attempt.
    /// </summary>
    Lose,

    /// <summary>A person cancels the run.</summary>
    Cancel,

    /// <summary>A person queues a finished run again.</summary>
    Requeue,

    /// <summary>A person changes the priority of a waiting run.</summary>
    Reprioritize,
}

/// <summary>What a transition does besides setting the state; the portal's lifecycle carries them out.</summary>
[Flags]
public enum RunEffects
{
    None = 0,

    /// <summary>A new attempt starts on the agent, which now holds the run.</summary>
    StartAttempt = 1,

    /// <summary>The current attempt ends (its outcome written, its lease dropped).</summary>
    EndAttempt = 2,

    /// <summary>The agent holding the run is free of it (it may take the next one).</summary>
    FreeAgent = 4,

    /// <summary>The run no longer names an agent.</summary>
    DetachAgent = 8,

    /// <summary>The run is over: its finish time is written and files of attempts other than the last are removed.</summary>
    Finish = 16,

    /// <summary>The outcome of the previous attempts (metrics summary, times, failure) is cleared for a fresh start.</summary>
    ClearOutcome = 32,

    /// <summary>The agent training the run must be told to stop.</summary>
    StopAgent = 64,
}

/// <summary>One allowed step: the state a run moves to and what else happens.</summary>
public readonly record struct RunTransition(RunState To, RunEffects Effects);

/// <summary>
/// Every way a run's state may change, as data: (state, event) → (state, effects). Queued → Assigned → Running →
/// Succeeded | Failed | Canceled, with lost attempts back to Queued and finished runs queued again. A pair that is not
/// in the table is refused. The portal's lifecycle applies it; the agent's reports are its Progress, Complete, Fail and
/// Lose events.
/// </summary>
public static class RunTransitions
{
    private const RunEffects Ends = RunEffects.EndAttempt | RunEffects.Finish;

    public static readonly IReadOnlyDictionary<(RunState From, RunEvent Event), RunTransition> Table =
        new Dictionary<(RunState, RunEvent), RunTransition>
        {
            [(RunState.Queued, RunEvent.Assign)] = new(RunState.Assigned, RunEffects.StartAttempt),
            [(RunState.Queued, RunEvent.Cancel)] = new(RunState.Canceled, RunEffects.Finish),
            [(RunState.Queued, RunEvent.Reprioritize)] = new(RunState.Queued, RunEffects.None),

            [(RunState.Assigned, RunEvent.Progress)] = new(RunState.Running, RunEffects.None),
            [(RunState.Assigned, RunEvent.Complete)] = new(RunState.Succeeded, Ends | RunEffects.FreeAgent),
            [(RunState.Assigned, RunEvent.Fail)] = new(RunState.Failed, Ends | RunEffects.FreeAgent),
            [(RunState.Assigned, RunEvent.Lose)] = new(RunState.Queued, RunEffects.EndAttempt | RunEffects.FreeAgent | RunEffects.DetachAgent),
            // The agent keeps the run until it has stopped (its outcome, or a heartbeat without it, frees it).
            [(RunState.Assigned, RunEvent.Cancel)] = new(RunState.Canceled, Ends | RunEffects.StopAgent),

            [(RunState.Running, RunEvent.Progress)] = new(RunState.Running, RunEffects.None),
            [(RunState.Running, RunEvent.Complete)] = new(RunState.Succeeded, Ends | RunEffects.FreeAgent),
            [(RunState.Running, RunEvent.Fail)] = new(RunState.Failed, Ends | RunEffects.FreeAgent),
            [(RunState.Running, RunEvent.Lose)] = new(RunState.Queued, RunEffects.EndAttempt | RunEffects.FreeAgent | RunEffects.DetachAgent),
            [(RunState.Running, RunEvent.Cancel)] = new(RunState.Canceled, Ends | RunEffects.StopAgent),

            [(RunState.Succeeded, RunEvent.Requeue)] = new(RunState.Queued, RunEffects.ClearOutcome | RunEffects.DetachAgent),
            [(RunState.Failed, RunEvent.Requeue)] = new(RunState.Queued, RunEffects.ClearOutcome | RunEffects.DetachAgent),
            [(RunState.Canceled, RunEvent.Requeue)] = new(RunState.Queued, RunEffects.ClearOutcome | RunEffects.DetachAgent),
        };

    /// <summary>The transition <paramref name="what"/> makes from <paramref name="from"/>, or null if it is not allowed.</summary>
    public static RunTransition? Find(RunState from, RunEvent what) =>
        Table.TryGetValue((from, what), out var transition) ? transition : null;

    /// <summary>The states <paramref name="what"/> may happen in, in the order of <see cref="RunState"/>.</summary>
    public static IReadOnlyList<RunState> AllowedIn(RunEvent what) =>
        Enum.GetValues<RunState>().Where(state => Table.ContainsKey((state, what))).ToArray();

    /// <summary>
    /// Why a person's change is refused, in words: "Run 7 has already finished (Failed); only a queued, assigned or
    /// running run can be canceled."
    /// </summary>
    public static string Refusal(int runId, RunState state, RunEvent what)
    {
        var now = state.IsFinished() ? $"has already finished ({state})" : $"is {state}";
        var states = AllowedIn(what).Select(s => s.ToString().ToLowerInvariant()).ToArray();
        var allowed = states.Length == 1 ? states[0] : string.Join(", ", states[..^1]) + " or " + states[^1];
        var change = what switch
        {
            RunEvent.Cancel => " run can be canceled",
            RunEvent.Requeue => " run can be queued again",
            RunEvent.Reprioritize => " run's priority can change",
            _ => $" run can take the event {what}",
        };
        return $"Run {runId} {now}; only a {allowed}{change}.";
    }
}
