using LabPortal.Agent.Training;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Runs;

/// <summary>The training engine as the executor sees it (the real <see cref="Trainer"/>, or a stand-in in tests).</summary>
public delegate TrainingResult TrainFunction(TrainingJob job, IProgress<ProgressReport> progress, CancellationToken cancellationToken);
