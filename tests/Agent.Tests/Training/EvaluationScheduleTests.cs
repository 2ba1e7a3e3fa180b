using LabPortal.Agent.Training;

namespace LabPortal.Agent.Tests.Training;

public sealed class EvaluationScheduleTests
{
    [Fact]
    public void Without_an_interval_only_epoch_ends_are_evaluated()
    {
        var schedule = new EvaluationSchedule(StepsPerEpoch: 5, EverySteps: 0);

        Assert.Equal([5, 10, 15], Enumerable.Range(0, 16).Where(schedule.IsDue));
    }

    [Fact]
    public void An_interval_adds_evaluations_and_a_step_that_is_both_is_evaluated_once()
    {
        var schedule = new EvaluationSchedule(StepsPerEpoch: 6, EverySteps: 4);

        Assert.Equal([4, 6, 8, 12], Enumerable.Range(0, 13).Where(schedule.IsDue));
    }
}
