using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>Which kind of device an agent must train on to be given a run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeviceRequirement>))]
public enum DeviceRequirement
{
    [JsonStringEnumMemberName("any")] Any,

    [JsonStringEnumMemberName("cpu")] Cpu,

    [JsonStringEnumMemberName("cuda")] Cuda,
}
