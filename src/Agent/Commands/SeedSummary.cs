using System.Text.Json.Serialization;
using LabPortal.Agent.Artifacts;

namespace LabPortal.Agent.Commands;

/// <summary>
/// The last line of a several-seed <c>train</c>: the seeds and mean ± sample std of the main metrics — for a
/// regression task (STS-B) also Pearson and Spearman, which are then the ones that mean something.
/// </summary>
public sealed record SeedSummary(IReadOnlyList<int> Seeds, MeanStd Accuracy, MeanStd F1, MeanStd Mcc)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MeanStd? Pearson { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MeanStd? Spearman { get; init; }

    public static SeedSummary Of(IReadOnlyList<RunResult> runs) => new(
        runs.Select(r => r.Seed).ToList(),
        MeanStd.Of(runs.Select(r => r.Accuracy).ToList()),
        MeanStd.Of(runs.Select(r => r.F1).ToList()),
        MeanStd.Of(runs.Select(r => r.Mcc).ToList()))
    {
        Pearson = runs.All(r => r.Regression is not null) ? MeanStd.Of(runs.Select(r => r.Regression!.Pearson).ToList()) : null,
        Spearman = runs.All(r => r.Regression is not null) ? MeanStd.Of(runs.Select(r => r.Regression!.Spearman).ToList()) : null,
    };
}
