namespace LabPortal.Agent.Runs;

/// <summary>The attempt an agent is training right now.</summary>
public sealed record ActiveRun(int RunId, int Attempt, CancellationTokenSource Cancellation)
{
    /// <summary>Training is over and the outcome is being sent: the portal may already hand out the next run.</summary>
    public bool Finishing { get; set; }
}
