using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>Which evaluation picks the model a run reports: the last one, or the best by a metric.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckpointMetric>))]
public enum CheckpointMetric
{
    /// <summary>The model as it is when training ends (no selection).</summary>
    [JsonStringEnumMemberName("last")] Last,

    [JsonStringEnumMemberName("accuracy")] Accuracy,

    [JsonStringEnumMemberName("f1")] F1,

    [JsonStringEnumMemberName("mcc")] Mcc,

    /// <summary>The validation cross-entropy (squared error for a score); lower is better.</summary>
    [JsonStringEnumMemberName("loss")] Loss,

    /// <summary>A regression task's Pearson correlation (accuracy, F1 and MCC select by it there too).</summary>
    [JsonStringEnumMemberName("pearson")] Pearson,

    /// <summary>A regression task's Spearman correlation.</summary>
    [JsonStringEnumMemberName("spearman")] Spearman,
}
