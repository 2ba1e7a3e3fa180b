using LabPortal.Shared.Models;

namespace LabPortal.Portal.Storage;

/// <summary>An agent the portal has seen, keyed by its stable id.</summary>
public sealed class AgentRecord
{
    /// <summary>The agent's stable id (not its SignalR connection id, which changes on reconnect).</summary>
    public string Id { get; set; } = "";

    public string Machine { get; set; } = "";

    public string Device { get; set; } = "";

    public string DeviceName { get; set; } = "";

    public int CpuThreads { get; set; }

    public long MemoryBytes { get; set; }

    public Dictionary<string, string> Versions { get; set; } = [];

    /// <summary>The catalogue models the agent said it can train.</summary>
    public List<ModelInfo> Models { get; set; } = [];

    /// <summary>The live connection, or null while the agent is offline.</summary>
    public string? ConnectionId { get; set; }

    public int? CurrentRunId { get; set; }

    /// <summary>A draining agent finishes the run it has but is given no new ones.</summary>
    public bool Draining { get; set; }

    public DateTime FirstSeen { get; set; }

    public DateTime LastSeen { get; set; }

    public bool IsOnline => ConnectionId is not null;

    public bool IsIdle => IsOnline && CurrentRunId is null;

    /// <summary>Idle and not draining: the scheduler may give it a run.</summary>
    public bool TakesRuns => IsIdle && !Draining;
}
