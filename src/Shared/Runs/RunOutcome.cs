using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Runs;

/// <summary>
/// What a finished attempt produced: the trainer returns it (inside its own result), the agent sends it in its
/// completion, and the portal's run record keeps it. One type, so no layer copies it field by field.
/// </summary>
public record RunOutcome
{
    /// <summary>The run's decisions on the validation file: S_match ≥ τ with C3, else the classifier's.</summary>
    public ConfusionCounts Evaluation { get; init; } = ConfusionCounts.Empty;

    /// <summary>A regression task's (STS-B) Pearson, Spearman and MSE on the validation file; null for classes (Evaluation is then empty).</summary>
    public RegressionScores? Regression { get; init; }

    /// <summary>The classifier's own decisions, reported beside C3's so its effect is visible (the same without C3); null if not reported.</summary>
    public ConfusionCounts? ClassifierEvaluation { get; init; }

    /// <summary>The decision threshold τ chosen on held-out training pairs: C3's on S_match, zero-shot's on the cosine; null otherwise.</summary>
    public double? MatchingThreshold { get; init; }

    /// <summary>C3's γ that made the decisions (chosen on the selection split when the spec left it empty); null without C3.</summary>
    public double? MatchingGamma { get; init; }

    /// <summary>C3's δ that made the decisions (chosen like γ); null without C3.</summary>
    public double? MatchingDelta { get; init; }

    /// <summary>The number format the agent trained in (what training.precision "auto" became); null from older agents.</summary>
    public PrecisionKind? Precision { get; init; }

    /// <summary>The mean cross-entropy on the validation file; null for zero-shot, which has no classifier.</summary>
    public double? EvaluationLoss { get; init; }

    /// <summary>Optimiser steps taken (fewer than planned when the run stopped early).</summary>
    public int Steps { get; init; }

    /// <summary>The optimiser step whose parameters were restored and reported; null when the spec keeps the last model.</summary>
    public int? BestStep { get; init; }

    /// <summary>The whole attempt on the agent: loading, training and evaluating.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>SHA-256 of the training and validation files, so a re-run can check it sees the same data.</summary>
    public string DatasetFingerprint { get; init; } = "";

    public long TrainableParameters { get; init; }

    public long TotalParameters { get; init; }

    /// <summary>The outcome alone, without what a derived result carries besides (that stays on the agent).</summary>
    public RunOutcome OutcomeOnly() => new(this);
}
