namespace LabPortal.Shared.Hubs;

/// <summary>A sign of life, with the attempt the agent is working on, if any.</summary>
public sealed record AgentHeartbeat(string AgentId, int? RunId, int? Attempt);
