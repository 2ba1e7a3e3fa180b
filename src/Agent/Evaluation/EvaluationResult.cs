using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Evaluation;

/// <summary>
/// The classifier's confusion matrix (empty for a regression task), the mean loss (cross-entropy, or squared error for
/// a score), and each example's score, in input order.
/// </summary>
public sealed record EvaluationResult(ConfusionCounts Counts, double Loss, IReadOnlyList<ExampleScore> Examples)
{
    /// <summary>A regression task's Pearson, Spearman and MSE; null for classes.</summary>
    public RegressionScores? Regression { get; init; }
}
