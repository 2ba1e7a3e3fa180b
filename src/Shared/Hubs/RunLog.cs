namespace LabPortal.Shared.Hubs;

/// <summary>Lines the agent printed while training an attempt (progress lines, start and outcome), oldest first.</summary>
public sealed record RunLog(string AgentId, int RunId, int Attempt, IReadOnlyList<string> Lines);
