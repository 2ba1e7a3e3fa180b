using LabPortal.Shared.Hubs;

namespace LabPortal.Portal.Services.Playground;

/// <summary>The playground's answer: the agent's score, or what stood in the way, said so a person can act on it.</summary>
public sealed record PlaygroundAnswer(PairScore? Score, string? Error)
{
    public static PlaygroundAnswer Failed(string error) => new(null, error);
}
