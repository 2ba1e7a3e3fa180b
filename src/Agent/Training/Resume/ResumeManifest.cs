using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Training.Resume;

/// <summary>
/// manifest.json of a resumable checkpoint, written last: it names the state file that holds the tensors, so a
/// folder whose manifest reads is complete. The spec and data digests let a resume refuse a different run.
/// </summary>
public sealed record ResumeManifest
{
    public const int CurrentFormat = 1;
    public const string FileName = "manifest.json";

    public int FormatVersion { get; init; }

    /// <summary>The safetensors file beside the manifest with the parameters, AdamW state, best copy and RNG state.</summary>
    public string StateFile { get; init; } = "";

    /// <summary>Optimiser steps taken; the resumed run continues with the next batch of the (seeded) plan.</summary>
    public int Step { get; init; }

    /// <summary>Completed epochs and steps into the current one, for people reading the file.</summary>
    public int Epoch { get; init; }

    public int StepInEpoch { get; init; }

    public int TotalSteps { get; init; }

    /// <summary>SHA-256 of the spec without its file paths (<see cref="SpecIdentity"/>); the data is checked by content.</summary>
    public string SpecSha256 { get; init; } = "";

    public ExperimentSpec Spec { get; init; } = new();

    public string DatasetSha256 { get; init; } = "";

    public int? BestStep { get; init; }

    /// <summary>Early stopping's count of evaluations since the best.</summary>
    public int EvaluationsSinceBest { get; init; }

    /// <summary>The training losses summed since the last report.</summary>
    public TrainWindowState Window { get; init; } = new(0, 0, 0);
}
