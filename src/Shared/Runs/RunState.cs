using System.Text.Json.Serialization;

namespace LabPortal.Shared.Runs;

/// <summary>Where a run is in its life: Queued → Assigned → Running → Succeeded | Failed | Canceled.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunState>))]
public enum RunState
{
    Queued,
    Assigned,
    Running,
    Succeeded,
    Failed,
    Canceled,
}
