namespace LabPortal.Shared.Experiments;

/// <summary>Optimiser, schedule and loop options.</summary>
public sealed record TrainingSpec
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Examples per forward pass (micro-batch); an optimiser step sees BatchSize × GradientAccumulationSteps.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Base learning rate η before the schedule; null takes the method's tuned default (see <see cref="TunedDefaults"/>).</summary>
    public double? LearningRate { get; init; }

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

    /// <summary>Micro-batches whose gradients are summed before each optimiser step; 1 steps after every batch.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>Batch pairs of similar token length together (seeded), so less of each batch is padding.</summary>
    public bool LengthBucketing { get; init; } = true;

    /// <summary>Also evaluate every this many optimiser steps; 0 evaluates only at the end of each epoch.</summary>
    public int EvalEverySteps { get; init; }

    /// <summary>Keep the parameters of the best evaluation by this metric and report that model; last keeps the final one.</summary>
    public CheckpointMetric BestMetric { get; init; } = CheckpointMetric.Accuracy;

    /// <summary>Stop after this many evaluations without a better best metric; 0 never stops early.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>
    /// The fraction of the training file held out (seeded by the spec's seed) to choose the best checkpoint, early
    /// stopping and every threshold on; the validation file is then only evaluated for the report. 0 holds nothing out.
    /// </summary>
    public double SelectionSplit { get; init; } = 0.1;

    /// <summary>
    /// With no selection split, let the best checkpoint and early stopping be chosen on the validation file. Such a
    /// run's numbers are labelled "selected on evaluation data" wherever they are shown.
    /// </summary>
    public bool AllowSelectionOnEvaluation { get; init; }

    /// <summary>The number format weights and activations are kept in (see <see cref="PrecisionKind"/>).</summary>
    public PrecisionKind Precision { get; init; } = PrecisionKind.Auto;

    /// <summary>Recompute each layer's activations in the backward pass instead of keeping them: less memory, more time.</summary>
    public bool GradientCheckpointing { get; init; }
}
