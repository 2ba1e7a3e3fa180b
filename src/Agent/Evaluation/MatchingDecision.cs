using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Evaluation;

/// <summary>
/// The run's final decisions on the validation split; with C3, the rule (γ, δ) and threshold τ that made them, as
/// chosen on the selection split.
/// </summary>
public sealed record MatchingDecision(ConfusionCounts Counts, double? Threshold, DensityMatching? Rule = null);
