using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Artifacts;

/// <summary>A confusion matrix and its metrics, flat, as metrics.json and the train command print them.</summary>
public record DecisionMetrics
{
    public double Accuracy { get; init; }

    public double F1 { get; init; }

    public double Mcc { get; init; }

    public double Precision { get; init; }

    public double Recall { get; init; }

    public long TruePositives { get; init; }

    public long FalsePositives { get; init; }

    public long TrueNegatives { get; init; }

    public long FalseNegatives { get; init; }

    public static DecisionMetrics From(ConfusionCounts counts) => new()
    {
        Accuracy = counts.Accuracy,
        F1 = counts.F1,
        Mcc = counts.Mcc,
        Precision = counts.Precision,
        Recall = counts.Recall,
        TruePositives = counts.TruePositives,
        FalsePositives = counts.FalsePositives,
        TrueNegatives = counts.TrueNegatives,
        FalseNegatives = counts.FalseNegatives,
    };
}
