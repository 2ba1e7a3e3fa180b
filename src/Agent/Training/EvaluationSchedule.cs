namespace LabPortal.Agent.Training;

/// <summary>
/// When the loop evaluates: after each epoch's last optimiser step, and also every <see cref="EverySteps"/> steps
/// when that is above 0. A step that is both is evaluated once.
/// </summary>
public sealed record EvaluationSchedule(int StepsPerEpoch, int EverySteps)
{
    /// <summary>Whether the model after <paramref name="step"/> optimiser steps is evaluated (never before the first).</summary>
    public bool IsDue(int step) =>
        step > 0 && (step % StepsPerEpoch == 0 || (EverySteps > 0 && step % EverySteps == 0));
}
