namespace LabPortal.Portal.Storage;

/// <summary>One try at a run on one agent; a run gets a new attempt each time it is (re)assigned.</summary>
public sealed class RunAttempt
{
    public int Number { get; set; }

    public string AgentId { get; set; } = "";

    public DateTime AssignedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    /// <summary>How the attempt ended (a run state name), empty while it is going on.</summary>
    public string Outcome { get; set; } = "";
}
