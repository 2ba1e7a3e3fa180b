using LabPortal.Shared.Runs;

namespace LabPortal.Shared.Hubs;

/// <summary>An attempt finished: its outcome, with the final evaluation on the validation file.</summary>
public sealed record RunCompletion
{
    public string AgentId { get; init; } = "";

    public int RunId { get; init; }

    public int Attempt { get; init; }

    public RunOutcome Outcome { get; init; } = new();
}
