namespace LabPortal.Shared.Hubs;

/// <summary>
/// An attempt failed; <see cref="Reason"/> says what went wrong in words a person can act on.
/// With <see cref="ReturnToQueue"/> the run itself did nothing wrong (its agent is shutting down): queue it again.
/// </summary>
public sealed record RunFailure(string AgentId, int RunId, int Attempt, string Reason, bool ReturnToQueue = false);
