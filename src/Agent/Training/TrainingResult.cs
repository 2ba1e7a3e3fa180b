using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Training;

/// <summary>What a finished run reports: the final evaluation and what is needed to reproduce and compare it.</summary>
public sealed record TrainingResult
{
    public ConfusionCounts Evaluation { get; init; } = ConfusionCounts.Empty;

    public double EvaluationLoss { get; init; }

    public int Steps { get; init; }

    public double TrainSeconds { get; init; }

    public long TrainableParameters { get; init; }

    public long TotalParameters { get; init; }

    public string DatasetFingerprint { get; init; } = "";
}
