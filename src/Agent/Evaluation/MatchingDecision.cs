using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Evaluation;

/// <summary>The run's final decisions on the validation split, and C3's threshold τ when S_match made them.</summary>
public sealed record MatchingDecision(ConfusionCounts Counts, double? Threshold);
