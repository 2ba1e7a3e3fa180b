using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Models;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Training;

/// <summary>What a finished run reports: the final evaluation and what is needed to reproduce and compare it.</summary>
public sealed record TrainingResult
{
    /// <summary>The spec as trained: tuned defaults and the model's default head filled in.</summary>
    public ExperimentSpec Spec { get; init; } = new();

    /// <summary>The run's decisions on the validation split: S_match ≥ τ with C3, else the classifier's.</summary>
    public ConfusionCounts Evaluation { get; init; } = ConfusionCounts.Empty;

    /// <summary>The classifier's own decisions, reported beside C3's so its effect is visible.</summary>
    public ConfusionCounts ClassifierEvaluation { get; init; } = ConfusionCounts.Empty;

    /// <summary>The decision threshold τ chosen on held-out training pairs: C3's on S_match, zero-shot's on the cosine; null otherwise.</summary>
    public double? MatchingThreshold { get; init; }

    /// <summary>C3 made the final decisions (then <see cref="ClassifierEvaluation"/> shows the classifier's own beside them).</summary>
    public bool DecidedByMatchingScore { get; init; }

    /// <summary>The reported model's decisions on the selection split, as the loop chose it; null when no evaluation ran.</summary>
    public ConfusionCounts? SelectionEvaluation { get; init; }

    /// <summary>The pair head the model used (the spec's, or the model's default).</summary>
    public PairHead Head { get; init; } = PairHead.CrossPooler;

    /// <summary>The mean cross-entropy on the validation file; null for zero-shot, which has no classifier.</summary>
    public double? EvaluationLoss { get; init; }

    /// <summary>Optimiser steps taken (fewer than planned when the run stopped early).</summary>
    public int Steps { get; init; }

    /// <summary>The optimiser step whose parameters were restored and reported; null when the spec keeps the last model.</summary>
    public int? BestStep { get; init; }

    /// <summary>Early stopping ended the run before its planned steps.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>The whole call: loading, training and evaluating.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Training throughput: examples per second of forward, backward and optimiser step.</summary>
    public double ExamplesPerSecond { get; init; }

    /// <summary>The process's peak working set at the end of the run: the runtime and libtorch included.</summary>
    public long PeakMemoryBytes { get; init; }

    public long TrainableParameters { get; init; }

    public long TotalParameters { get; init; }

    public string DatasetFingerprint { get; init; } = "";

    /// <summary>Each validation example's score from the final model, in input order (C3's features included when C3 is on).</summary>
    public IReadOnlyList<ExampleScore> ValidationScores { get; init; } = [];
}
