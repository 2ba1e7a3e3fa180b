using LabPortal.Shared.Runs;

namespace LabPortal.Shared.Tests.Runs;

public sealed class RunTransitionsTests
{
    private static readonly RunState[] Finished = [RunState.Succeeded, RunState.Failed, RunState.Canceled];

    [Fact]
    public void A_run_goes_from_queued_through_assigned_and_running_to_succeeded()
    {
        var state = RunState.Queued;
        foreach (var what in new[] { RunEvent.Assign, RunEvent.Progress, RunEvent.Progress, RunEvent.Complete })
        {
            state = RunTransitions.Find(state, what)!.Value.To;
        }

        Assert.Equal(RunState.Succeeded, state);
    }

    [Fact]
    public void A_finished_run_takes_nothing_but_being_queued_again()
    {
        foreach (var state in Finished)
        {
            var taken = Enum.GetValues<RunEvent>().Where(what => RunTransitions.Find(state, what) is not null);
            Assert.Equal([RunEvent.Requeue], taken);
        }
    }

    [Theory]
    [InlineData(RunState.Assigned)]
    [InlineData(RunState.Running)]
    public void A_lost_attempt_ends_frees_its_agent_and_puts_the_run_back_in_the_queue(RunState from)
    {
        var lost = RunTransitions.Find(from, RunEvent.Lose)!.Value;

        Assert.Equal(RunState.Queued, lost.To);
        Assert.Equal(RunEffects.EndAttempt | RunEffects.FreeAgent | RunEffects.DetachAgent, lost.Effects);
    }

    [Theory]
    [InlineData(RunState.Assigned)]
    [InlineData(RunState.Running)]
    public void Canceling_a_run_in_training_ends_it_but_keeps_its_agent_until_the_agent_has_stopped(RunState from)
    {
        var canceled = RunTransitions.Find(from, RunEvent.Cancel)!.Value;

        Assert.Equal(RunState.Canceled, canceled.To);
        Assert.True(canceled.Effects.HasFlag(RunEffects.StopAgent));
        Assert.False(canceled.Effects.HasFlag(RunEffects.FreeAgent));
        Assert.False(canceled.Effects.HasFlag(RunEffects.DetachAgent));
    }

    [Fact]
    public void Only_an_attempt_in_progress_can_end_and_only_a_finished_run_starts_afresh()
    {
        foreach (var ((from, _), step) in RunTransitions.Table)
        {
            if (step.Effects.HasFlag(RunEffects.EndAttempt) || step.Effects.HasFlag(RunEffects.FreeAgent))
            {
                Assert.True(from is RunState.Assigned or RunState.Running, $"{from} → {step.To} ends an attempt");
            }

            if (step.Effects.HasFlag(RunEffects.ClearOutcome))
            {
                Assert.Contains(from, Finished);
            }

            // A run that is over has a finish time, and every step into a finished state writes one.
            Assert.Equal(step.To.IsFinished(), step.Effects.HasFlag(RunEffects.Finish));
        }
    }

    [Fact]
    public void Agents_reports_of_a_waiting_run_are_refused()
    {
        foreach (var what in new[] { RunEvent.Progress, RunEvent.Complete, RunEvent.Fail, RunEvent.Lose })
        {
            Assert.Null(RunTransitions.Find(RunState.Queued, what));
        }
    }

    [Fact]
    public void A_refusal_says_what_the_run_is_and_which_states_allow_the_change()
    {
        Assert.Equal("Run 7 has already finished (Failed); only a queued, assigned or running run can be canceled.",
            RunTransitions.Refusal(7, RunState.Failed, RunEvent.Cancel));
        Assert.Equal("Run 3 is Running; only a succeeded, failed or canceled run can be queued again.",
            RunTransitions.Refusal(3, RunState.Running, RunEvent.Requeue));
        Assert.Equal("Run 4 is Assigned; only a queued run's priority can change.",
            RunTransitions.Refusal(4, RunState.Assigned, RunEvent.Reprioritize));
    }
}
