namespace LabPortal.Portal.Services.Agents;

/// <summary>What an agent is doing, as the Agents page shows it.</summary>
public enum AgentState
{
    Idle,
    Busy,

    /// <summary>Finishes its run but takes no new ones.</summary>
    Draining,

    /// <summary>Gone while holding a run, or silent for several heartbeats.</summary>
    Lost,
    Offline,
}
