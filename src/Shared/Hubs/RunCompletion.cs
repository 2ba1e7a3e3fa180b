using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Hubs;

/// <summary>An attempt finished: the final evaluation on the validation file.</summary>
public sealed record RunCompletion
{
    public string AgentId { get; init; } = "";

    public int RunId { get; init; }

    public int Attempt { get; init; }

    /// <summary>The run's decisions on the validation file (by S_match ≥ τ when C3 is on).</summary>
    public ConfusionCounts Evaluation { get; init; } = ConfusionCounts.Empty;

    /// <summary>The classifier's own decisions on the validation file; differs from <see cref="Evaluation"/> only with C3.</summary>
    public ConfusionCounts? ClassifierEvaluation { get; init; }

    /// <summary>C3's threshold τ, chosen on the training split; null without C3.</summary>
    public double? MatchingThreshold { get; init; }

    public double? EvaluationLoss { get; init; }

    public int Steps { get; init; }

    /// <summary>The optimiser step whose parameters were reported, when the spec picks the best evaluation; null otherwise.</summary>
    public int? BestStep { get; init; }

    public double TrainSeconds { get; init; }

    /// <summary>SHA-256 of the training and validation files, so a re-run can check it sees the same data.</summary>
    public string DatasetFingerprint { get; init; } = "";

    public long TrainableParameters { get; init; }

    public long TotalParameters { get; init; }
}
