using LabPortal.Shared.Models;

namespace LabPortal.Shared.Hubs;

/// <summary>Who an agent is and what it runs on.</summary>
public sealed record AgentRegistration
{
    /// <summary>Stable across restarts and reconnects (unlike the SignalR connection id).</summary>
    public string AgentId { get; init; } = "";

    public string Machine { get; init; } = "";

    /// <summary>The device it trains on, for example "cpu" or "cuda:0".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>A readable device description, for example the CPU or GPU model.</summary>
    public string DeviceName { get; init; } = "";

    public int CpuThreads { get; init; }

    public long MemoryBytes { get; init; }

    /// <summary>Library versions: agent, .NET, TorchSharp, libtorch.</summary>
    public IReadOnlyDictionary<string, string> Versions { get; init; } = new Dictionary<string, string>();

    /// <summary>The catalogue models this agent can train (checkpoint folders on its disk work too).</summary>
    public IReadOnlyList<ModelInfo> Models { get; init; } = [];

    /// <summary>The run the agent is still training when it re-registers, if any.</summary>
    public int? CurrentRunId { get; init; }
}
