namespace LabPortal.Shared.Experiments;

/// <summary>One run an experiment asks for: the variant it belongs to (a table row) and its full spec.</summary>
public sealed record RunPlan(string Variant, ExperimentSpec Spec);
