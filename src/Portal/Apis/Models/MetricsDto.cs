using LabPortal.Shared.Metrics;

namespace LabPortal.Portal.Apis.Models;

/// <summary>Final metrics with the counts they derive from, so every figure can be recomputed.</summary>
public sealed record MetricsDto(
    double Accuracy, double F1, double Mcc, double Precision, double Recall,
    long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public static MetricsDto? From(ConfusionCounts? counts) => counts is null
        ? null
        : new(counts.Accuracy, counts.F1, counts.Mcc, counts.Precision, counts.Recall,
            counts.TruePositives, counts.FalsePositives, counts.TrueNegatives, counts.FalseNegatives);
}
