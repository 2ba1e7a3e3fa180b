using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>The learning-rate decay after warm-up.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleKind>))]
public enum ScheduleKind
{
    [JsonStringEnumMemberName("linear")] Linear,
    [JsonStringEnumMemberName("cosine")] Cosine,
}
