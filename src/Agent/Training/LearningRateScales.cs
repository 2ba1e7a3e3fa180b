using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Training;

/// <summary>C1's multipliers of the base learning rate for LoRA's A (α) and B (β); 1 and 1 when C1 is off.</summary>
public sealed record LearningRateScales(double A, double B)
{
    public static LearningRateScales None { get; } = new(1, 1);

    public static LearningRateScales From(MethodSpec method) =>
        method.Kind == MethodKind.EnhancedLora && method.AdaptiveLearningRates ? new(method.LrScaleA, method.LrScaleB) : None;
}
