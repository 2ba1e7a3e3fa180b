namespace LabPortal.Agent.Runs;

/// <summary>The attempt an agent is training right now.</summary>
public sealed record ActiveRun(int RunId, int Attempt, CancellationTokenSource Cancellation);
