namespace LabPortal.Shared.Experiments;

/// <summary>Optimiser, schedule and loop options.</summary>
public sealed record TrainingSpec
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Examples per optimiser step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Base learning rate η before the schedule.</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>AdamW weight decay (not applied to biases and LayerNorms).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Fraction of the steps spent warming the learning rate up from zero.</summary>
    public double WarmupRatio { get; init; } = 0.06;

    /// <summary>Decay after warm-up.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Linear;

    /// <summary>Pairs longer than this many tokens are truncated.</summary>
    public int MaxLength { get; init; } = 128;

    /// <summary>Gradient-norm clip; 0 turns clipping off.</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>A progress report is sent every this many steps.</summary>
    public int LogEverySteps { get; init; } = 5;
}
