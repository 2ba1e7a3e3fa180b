using LabPortal.Shared.Experiments;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>One training run: the spec, the resolved data files and the device to train on.</summary>
public sealed record TrainingJob(ExperimentSpec Spec, string TrainPath, string ValidationPath, Device Device);
