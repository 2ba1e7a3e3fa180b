using LabPortal.Shared.Experiments;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>One training run: the spec, the resolved data files, the device to train on, and where to write the
/// run's artifacts (adapter, predictions, metrics; see <c>RunArtifacts</c>), null for nowhere.</summary>
public sealed record TrainingJob(ExperimentSpec Spec, string TrainPath, string ValidationPath, Device Device, string? ArtifactFolder = null);
