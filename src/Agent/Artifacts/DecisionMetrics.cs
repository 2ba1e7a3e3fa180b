using System.Text.Json.Serialization;
using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Artifacts;

/// <summary>A confusion matrix and its metrics, flat, as result.json and the train command print them (the counts as tp, fp, tn, fn).</summary>
public record DecisionMetrics
{
    public double Accuracy { get; init; }

    public double F1 { get; init; }

    public double Mcc { get; init; }

    public double Precision { get; init; }

    public double Recall { get; init; }

    [JsonPropertyName("tp")]
    public long TruePositives { get; init; }

    [JsonPropertyName("fp")]
    public long FalsePositives { get; init; }

    [JsonPropertyName("tn")]
    public long TrueNegatives { get; init; }

    [JsonPropertyName("fn")]
    public long FalseNegatives { get; init; }

    /// <summary>A k-class task's confusion matrix, rows[true][predicted]; absent for two classes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long[][]? Classes { get; init; }

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
        Classes = counts.Classes?.Rows,
    };
}
