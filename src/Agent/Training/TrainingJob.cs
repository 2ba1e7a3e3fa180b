using LabPortal.Shared.Experiments;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>One training run: the spec, the resolved data files, the device to train on, and where to write the
/// run's artifacts (adapter, predictions, result; see <c>RunArtifacts</c>), null for nowhere.</summary>
public sealed record TrainingJob(ExperimentSpec Spec, string TrainPath, string ValidationPath, Device Device, string? ArtifactFolder = null)
{
    /// <summary>Where resumable checkpoints go (see <c>Resume.ResumableRun</c>); null writes none.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>Write a checkpoint every this many optimiser steps, and when cancelled; 0 turns checkpoints off.</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>Called on the training thread after each checkpoint is written, with its folder.</summary>
    public Action<string>? CheckpointWritten { get; init; }

    /// <summary>A checkpoint folder to continue from, after the model and method are set up; null starts afresh.</summary>
    public string? ResumeFrom { get; init; }
}
