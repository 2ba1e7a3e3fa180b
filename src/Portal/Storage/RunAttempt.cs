namespace LabPortal.Portal.Storage;

/// <summary>One try at a run on one agent; a run gets a new attempt each time it is (re)assigned.</summary>
public sealed class RunAttempt
{
    public int Number { get; set; }

    public string AgentId { get; set; } = "";

    public DateTime AssignedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    // The agent as it was when it took the attempt, so the run keeps its environment after the agent changes or goes.
    public string Machine { get; set; } = "";

    public string Device { get; set; } = "";

    public string DeviceName { get; set; } = "";

    public Dictionary<string, string> Versions { get; set; } = [];

    /// <summary>How the attempt ended (a run state name), empty while it is going on.</summary>
    public string Outcome { get; set; } = "";
}
