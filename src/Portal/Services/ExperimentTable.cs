using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services;

/// <summary>
/// The paper-style table of an experiment: one row per variant with ACC, F1 and MCC as mean ± std over the
/// succeeded seeds, and, for the ablation, the paper's own numbers as rows marked "reported".
/// </summary>
public static class ExperimentTable
{
    public static IReadOnlyList<VariantRow> Measured(IReadOnlyList<RunRecord> runs) => runs
        .GroupBy(r => r.Variant)
        .Select(group =>
        {
            var done = group.Where(r => r.State == RunState.Succeeded && r.Evaluation is not null).ToList();
            return new VariantRow(
                group.Key,
                done.Count,
                group.Count(),
                MeanAndSpread.Of(done.Select(r => r.Evaluation!.Accuracy).ToList()),
                MeanAndSpread.Of(done.Select(r => r.Evaluation!.F1).ToList()),
                MeanAndSpread.Of(done.Select(r => r.Evaluation!.Mcc).ToList()),
                done.Select(r => r.TrainableParameters).FirstOrDefault(p => p is not null),
                done.Count == 0 ? null : done.Average(r => r.TrainSeconds ?? 0));
        })
        .ToList();

    /// <summary>The whole table as the experiment page shows it: measured rows with their tests, then the paper's.</summary>
    public static IReadOnlyList<VariantRow> Rows(IReadOnlyList<RunRecord> runs, PresetKind preset, Func<int, IReadOnlyList<bool>?> correctness) =>
        [.. WithSignificance(Measured(runs), runs, correctness), .. Reported(preset)];

    /// <summary>The row others are tested against: plain LoRA when the experiment has it.</summary>
    public const string Baseline = VariantGenerator.PlainLora;

    /// <summary>
    /// Adds to each measured row McNemar's test against the baseline row, on the same validation pairs: runs are
    /// paired by seed, and the discordant counts of all shared seeds are pooled. <paramref name="correctness"/> gives
    /// a succeeded run's per-pair correctness (callers cache it: a finished run's predictions never change).
    /// </summary>
    public static IReadOnlyList<VariantRow> WithSignificance(
        IReadOnlyList<VariantRow> rows, IReadOnlyList<RunRecord> runs, Func<int, IReadOnlyList<bool>?> correctness)
    {
        var scored = runs
            .Where(r => r.State == RunState.Succeeded)
            .Select(r => (r.Variant, r.Seed, Correct: correctness(r.Id)))
            .Where(r => r.Correct is not null)
            .ToLookup(r => r.Variant);
        var baseline = scored[Baseline].ToDictionary(r => r.Seed, r => r.Correct!);
        return rows.Select(row =>
        {
            if (row.Reported || row.Variant == Baseline || baseline.Count == 0)
            {
                return row;
            }

            var pooled = scored[row.Variant]
                .Where(r => baseline.TryGetValue(r.Seed, out var other) && other.Count == r.Correct!.Count)
                .Select(r => McNemarTest.Of(r.Correct!, baseline[r.Seed]))
                .Aggregate((McNemarTest?)null, (sum, test) => sum?.Plus(test) ?? test);
            return row with { VersusBaseline = pooled };
        }).ToList();
    }

    /// <summary>The paper's Table 2 on QQP (ACC / F1 / MCC), quoted in enhanced-lora.md; shown, never mixed with measured rows.</summary>
    public static IReadOnlyList<VariantRow> Reported(PresetKind preset) => preset != PresetKind.PaperAblation
        ? []
        :
        [
            Quote(VariantGenerator.Ours, 0.910, 0.913, 0.80),
            Quote(VariantGenerator.WithoutAdaptiveRates, 0.900, 0.888, 0.76),
            Quote(VariantGenerator.WithoutLowRankInit, 0.903, 0.905, 0.78),
            Quote(VariantGenerator.PlainLora, 0.882, 0.887, 0.73),
        ];

    private static VariantRow Quote(string variant, double accuracy, double f1, double mcc) =>
        new(variant, 0, 0, new(accuracy, null, 1), new(f1, null, 1), new(mcc, null, 1), null, null, Reported: true);
}
