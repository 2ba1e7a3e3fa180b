namespace LabPortal.Shared.Hubs;

/// <summary>The portal asks an agent to score one sentence pair with a finished run's trained model.</summary>
/// <param name="RunId">The run whose artifacts (result.json and weights) the agent downloads from the portal.</param>
public sealed record ScoreRequest(int RunId, string First, string Second);
