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

    /// <summary>The validation cross-entropy; lower is better.</summary>
    [JsonStringEnumMemberName("loss")] Loss,
}
