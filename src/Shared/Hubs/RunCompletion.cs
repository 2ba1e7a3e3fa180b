using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Hubs;

/// <summary>An attempt finished: the final evaluation on the validation file.</summary>
public sealed record RunCompletion
{
    public string AgentId { get; init; } = "";

    public int RunId { get; init; }

    public int Attempt { get; init; }

    /// <summary>The confusion matrix of the final model on the validation file.</summary>
    public ConfusionCounts Evaluation { get; init; } = ConfusionCounts.Empty;

    public double? EvaluationLoss { get; init; }

    public int Steps { get; init; }

    public double TrainSeconds { get; init; }

    /// <summary>SHA-256 of the training and validation files, so a re-run can check it sees the same data.</summary>
    public string DatasetFingerprint { get; init; } = "";

    public long TrainableParameters { get; init; }

    public long TotalParameters { get; init; }
}
