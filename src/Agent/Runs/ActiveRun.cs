namespace LabPortal.Agent.Runs;

/// <summary>The attempt an agent is training right now.</summary>
public sealed record ActiveRun(int RunId, int Attempt, CancellationTokenSource Cancellation)
{
    /// <summary>Training is over and the outcome is being sent: the portal may already hand out the next run.</summary>
    public bool Finishing { get; set; }

    /// <summary>Stopped because the agent is leaving, not because anyone canceled the run.</summary>
    public bool ShuttingDown { get; set; }
}
