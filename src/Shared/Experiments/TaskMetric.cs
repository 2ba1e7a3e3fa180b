using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>A metric a task is scored by (GLUE's official ones).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskMetric>))]
public enum TaskMetric
{
    [JsonStringEnumMemberName("accuracy")] Accuracy,

    [JsonStringEnumMemberName("f1")] F1,

    [JsonStringEnumMemberName("mcc")] Mcc,

    [JsonStringEnumMemberName("pearson")] Pearson,

    [JsonStringEnumMemberName("spearman")] Spearman,
}
