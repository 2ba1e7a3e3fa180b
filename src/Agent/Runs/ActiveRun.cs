namespace LabPortal.Agent.Runs;

/// <summary>Where the agent's attempt is: its phases follow one another and never go back.</summary>
public enum AttemptPhase
{
    /// <summary>Checking the spec against local data and fetching a checkpoint to resume from.</summary>
    Preparing,

    /// <summary>Training and streaming progress: cancel, replacement and shutdown stop it within one step.</summary>
    Training,

    /// <summary>
    /// Training is over and the outcome (Complete, Fail or Lose, in the portal's terms) is being sent: the portal may
    /// already hand out the next run, and nothing stops the report.
    /// </summary>
    Reporting,
}

/// <summary>The attempt an agent is working on right now.</summary>
public sealed class ActiveRun(int runId, int attempt)
{
    public int RunId { get; } = runId;

    public int Attempt { get; } = attempt;

    public CancellationTokenSource Cancellation { get; } = new();

    public AttemptPhase Phase { get; private set; } = AttemptPhase.Preparing;

    /// <summary>Stopped because the agent is leaving, not because anyone canceled the run: the run goes back to the queue.</summary>
    public bool ShuttingDown { get; set; }

    /// <summary>Whether a cancel, a replacement or a shutdown can still stop it.</summary>
    public bool CanStop => Phase != AttemptPhase.Reporting;

    public bool Is(int runId, int attempt) => RunId == runId && Attempt == attempt;

    /// <summary>
    /// Moves on to <paramref name="next"/>; an attempt already further on stays where it is (one replaced while it
    /// prepared is Reporting and trains no more than one step before its cancellation stops it).
    /// </summary>
    public void Enter(AttemptPhase next) => Phase = next > Phase ? next : Phase;
}
