using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Models;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Training;

/// <summary>
/// What a finished run reports: its outcome (the final evaluation, as the portal stores it) and, for the agent's own
/// files and the train command, what is needed to reproduce and compare it.
/// </summary>
public sealed record TrainingResult : RunOutcome
{
    /// <summary>The spec as trained: tuned defaults and the model's default head filled in.</summary>
    public ExperimentSpec Spec { get; init; } = new();

    /// <summary>C3 made the final decisions (then <see cref="ClassifierEvaluation"/> shows the classifier's own beside them).</summary>
    public bool DecidedByMatchingScore { get; init; }

    /// <summary>The reported model's decisions on the selection split, as the loop chose it; null when no evaluation ran.</summary>
    public ConfusionCounts? SelectionEvaluation { get; init; }

    /// <summary>The pair head the model used (the spec's, or the model's default).</summary>
    public PairHead Head { get; init; } = PairHead.CrossPooler;

    /// <summary>Early stopping ended the run before its planned steps.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>Training throughput: examples per second of forward, backward and optimiser step.</summary>
    public double ExamplesPerSecond { get; init; }

    /// <summary>The process's peak working set at the end of the run: the runtime and libtorch included.</summary>
    public long PeakMemoryBytes { get; init; }

    /// <summary>Each validation example's score from the final model, in input order (C3's features included when C3 is on).</summary>
    public IReadOnlyList<ExampleScore> ValidationScores { get; init; } = [];
}
