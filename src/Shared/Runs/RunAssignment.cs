using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Runs;

/// <summary>The portal hands one attempt of a run to an agent.</summary>
public sealed record RunAssignment(int RunId, int Attempt, ExperimentSpec Spec);
