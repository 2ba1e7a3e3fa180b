using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Runs;

/// <summary>
/// The portal hands one attempt of a run to an agent. The agent uploads a resumable checkpoint every
/// <see cref="CheckpointEverySteps"/> steps (0: none); with <see cref="ResumeFromCheckpoint"/> it first downloads the
/// run's last checkpoint and continues from it (the previous attempt was lost).
/// </summary>
public sealed record RunAssignment(int RunId, int Attempt, ExperimentSpec Spec)
{
    public int CheckpointEverySteps { get; init; }

    public bool ResumeFromCheckpoint { get; init; }
}
