namespace LabPortal.Shared.Hubs;

/// <summary>An attempt failed; <see cref="Reason"/> says what went wrong in words a person can act on.</summary>
public sealed record RunFailure(string AgentId, int RunId, int Attempt, string Reason);
