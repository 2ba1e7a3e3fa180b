using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(5, 0.5)]
    [InlineData(10, 1.0)]
    [InlineData(55, 0.5)]
    [InlineData(100, 0.0)]
    [InlineData(120, 0.0)]
    public void Linear_warms_up_then_decays_to_zero(int step, double expected)
    {
        Assert.Equal(expected, LearningRateSchedule.Multiplier(step, warmupSteps: 10, totalSteps: 100, ScheduleKind.Linear), 12);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(5, 0.5)]
    [InlineData(10, 1.0)]
    [InlineData(55, 0.5)]
    [InlineData(100, 0.0)]
    public void Cosine_warms_up_then_follows_half_a_cosine(int step, double expected)
    {
        Assert.Equal(expected, LearningRateSchedule.Multiplier(step, warmupSteps: 10, totalSteps: 100, ScheduleKind.Cosine), 12);
    }

    [Fact]
    public void Cosine_stays_above_linear_in_the_first_half_of_the_decay()
    {
        var cosine = LearningRateSchedule.Multiplier(30, 10, 100, ScheduleKind.Cosine);
        var linear = LearningRateSchedule.Multiplier(30, 10, 100, ScheduleKind.Linear);

        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 20 / 90)), cosine, 12);
        Assert.True(cosine > linear);
    }

    [Fact]
    public void Without_warm_up_the_first_step_uses_the_full_rate()
    {
        Assert.Equal(1.0, LearningRateSchedule.Multiplier(0, 0, 100, ScheduleKind.Linear));
        Assert.Equal(0, LearningRateSchedule.WarmupSteps(100, 0));
        Assert.Equal(7, LearningRateSchedule.WarmupSteps(100, 0.061));
    }
}
