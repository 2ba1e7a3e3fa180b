namespace LabPortal.Shared.Hubs;

/// <summary>The portal's answer to a registration.</summary>
/// <param name="HeartbeatSeconds">How often the agent should send a heartbeat.</param>
public sealed record AgentRegistered(double HeartbeatSeconds);
