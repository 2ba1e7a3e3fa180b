using LabPortal.Portal.Storage;
using LabPortal.Shared.Models;

namespace LabPortal.Portal.Apis.Models;

/// <summary>An agent as the API shows it.</summary>
public sealed record AgentDto(
    string Id, bool Online, string Machine, string Device, string DeviceName, int CpuThreads, long MemoryBytes,
    int? CurrentRunId, DateTime FirstSeen, DateTime LastSeen, IReadOnlyDictionary<string, string> Versions,
    IReadOnlyList<ModelInfo> Models, bool Draining)
{
    public static AgentDto From(AgentRecord a) => new(
        a.Id, a.IsOnline, a.Machine, a.Device, a.DeviceName, a.CpuThreads, a.MemoryBytes,
        a.CurrentRunId, a.FirstSeen, a.LastSeen, a.Versions, a.Models, a.Draining);
}
