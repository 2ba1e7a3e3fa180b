using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Evaluation;

/// <summary>The confusion matrix on the validation set and the mean cross-entropy there.</summary>
public sealed record EvaluationResult(ConfusionCounts Counts, double Loss);
