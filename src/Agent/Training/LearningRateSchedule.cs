using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Training;

/// <summary>
/// The learning-rate multiplier as a pure function of the step, as Hugging Face's
/// get_linear/cosine_schedule_with_warmup: linear warm-up from 0 to 1, then linear or cosine decay to 0.
/// <c>step</c> counts optimiser steps already taken, so the first step uses <c>Multiplier(0, …)</c>.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>Warm-up steps for a ratio of the total, rounded up as Hugging Face does.</summary>
    public static int WarmupSteps(int totalSteps, double warmupRatio) => (int)Math.Ceiling(totalSteps * warmupRatio);

    public static double Multiplier(int step, int warmupSteps, int totalSteps, ScheduleKind kind)
    {
        if (step < warmupSteps)
        {
            return (double)step / Math.Max(1, warmupSteps);
        }

        var progress = (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps);
        return kind switch
        {
            ScheduleKind.Linear => Math.Max(0, 1 - progress),
            ScheduleKind.Cosine => Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown schedule."),
        };
    }
}
