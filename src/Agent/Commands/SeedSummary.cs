using LabPortal.Agent.Artifacts;

namespace LabPortal.Agent.Commands;

/// <summary>The last line of a several-seed <c>train</c>: the seeds and mean ± sample std of the main metrics.</summary>
public sealed record SeedSummary(IReadOnlyList<int> Seeds, MeanStd Accuracy, MeanStd F1, MeanStd Mcc)
{
    public static SeedSummary Of(IReadOnlyList<RunResult> runs) => new(
        runs.Select(r => r.Seed).ToList(),
        MeanStd.Of(runs.Select(r => r.Accuracy).ToList()),
        MeanStd.Of(runs.Select(r => r.F1).ToList()),
        MeanStd.Of(runs.Select(r => r.Mcc).ToList()));
}
