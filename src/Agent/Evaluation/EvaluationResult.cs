using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Evaluation;

/// <summary>The classifier's confusion matrix, the mean cross-entropy, and each example's score, in input order.</summary>
public sealed record EvaluationResult(ConfusionCounts Counts, double Loss, IReadOnlyList<ExampleScore> Examples);
