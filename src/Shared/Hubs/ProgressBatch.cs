using LabPortal.Shared.Runs;

namespace LabPortal.Shared.Hubs;

/// <summary>Progress reports of one attempt, sent together to keep the hub traffic low.</summary>
public sealed record ProgressBatch(string AgentId, int RunId, int Attempt, IReadOnlyList<ProgressReport> Reports);
