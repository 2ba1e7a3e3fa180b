using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Experiments;

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
            // A regression run (STS-B) has no classes: its row reads Pearson and Spearman instead.
            var classified = done.Where(r => r.Regression is null).ToList();
            var scored = done.Select(r => r.Regression).OfType<RegressionScores>().ToList();
            return new VariantRow(
                group.Key,
                done.Count,
                group.Count(),
                MeanAndSpread.Of(classified.Select(r => r.Evaluation!.Accuracy).ToList()),
                MeanAndSpread.Of(classified.Select(r => r.Evaluation!.F1).ToList()),
                MeanAndSpread.Of(classified.Select(r => r.Evaluation!.Mcc).ToList()),
                done.Select(r => r.TrainableParameters).FirstOrDefault(p => p is not null),
                done.Count == 0 ? null : done.Average(r => r.TrainSeconds ?? 0),
                SelectedOnEvaluation: group.Any(r => r.SelectedOnEvaluation))
            {
                Pearson = MeanAndSpread.Of(scored.Select(s => s.Pearson).ToList()),
                Spearman = MeanAndSpread.Of(scored.Select(s => s.Spearman).ToList()),
            };
        })
        .ToList();

    /// <summary>The whole table with the default baseline and McNemar's test: measured rows, then the paper's (exports use it).</summary>
    public static IReadOnlyList<VariantRow> Rows(IReadOnlyList<RunRecord> runs, PresetKind preset, Func<int, RunDecisions?> decisions)
    {
        var measured = Measured(runs);
        return WithReported(WithSignificance(measured, runs, decisions, DefaultBaseline(measured)), preset);
    }

    /// <summary>
    /// The measured rows, each with its difference from the paper's row of the same variant name (the only way a
    /// reported row matches a measured one), then the paper's rows themselves.
    /// </summary>
    public static IReadOnlyList<VariantRow> WithReported(IReadOnlyList<VariantRow> measured, PresetKind preset)
    {
        var reported = Reported(preset);
        var differences = measured.Select(row => reported.FirstOrDefault(r => r.Variant == row.Variant) is { } quote
            ? row with { MinusReported = ReportedDifference.Of(row, quote) }
            : row);
        return [.. differences, .. reported];
    }

    /// <summary>The row others are tested against by default: plain LoRA when the experiment has it.</summary>
    public const string Baseline = VariantGenerator.PlainLora;

    /// <summary>The default baseline of these rows: plain LoRA when measured, else the first measured row.</summary>
    public static string? DefaultBaseline(IReadOnlyList<VariantRow> rows) =>
        rows.Any(r => !r.Reported && r.Variant == Baseline) ? Baseline : rows.FirstOrDefault(r => !r.Reported)?.Variant;

    /// <summary>
    /// Adds to each measured row McNemar's test against the baseline row, on the same validation pairs: runs are
    /// paired by seed, and the discordant counts of all shared seeds are pooled. <paramref name="decisions"/> gives
    /// a succeeded run's decisions (callers cache them: a finished run's predictions never change).
    /// </summary>
    public static IReadOnlyList<VariantRow> WithSignificance(
        IReadOnlyList<VariantRow> rows, IReadOnlyList<RunRecord> runs, Func<int, RunDecisions?> decisions, string? baseline = Baseline) =>
        Compare(rows, runs, decisions, baseline, (row, pairs) => pairs.Any(p => p.Row.Scores) ? row : row with
        {
            VersusBaseline = pairs.Select(p => McNemarTest.Of(p.Row.Correct, p.Baseline.Correct)).Aggregate((a, b) => a.Plus(b)),
        });

    /// <summary>Adds to each measured row the paired bootstrap of its metrics minus the baseline row's (seeds pooled).</summary>
    public static IReadOnlyList<VariantRow> WithBootstrap(
        IReadOnlyList<VariantRow> rows, IReadOnlyList<RunRecord> runs, Func<int, RunDecisions?> decisions, string? baseline,
        int resamples = PairedBootstrap.DefaultResamples, int seed = PairedBootstrap.DefaultSeed) =>
        Compare(rows, runs, decisions, baseline, (row, pairs) => row with
        {
            Bootstrap = pairs.All(p => p.Row.IsBinary && p.Baseline.IsBinary)
                ? PairedBootstrap.Run(pairs.Select(p => new PairedDecisions(p.Row.PositiveLabels, p.Row.PositivePredictions, p.Baseline.PositivePredictions)).ToList(), resamples, seed)
                : null,
            // k classes (MNLI): accuracy, macro-F1 and the multi-class MCC from both k×k matrices.
            ClassBootstrap = pairs.Count > 0 && pairs.All(p => !p.Row.Scores && !p.Baseline.Scores) && !pairs.All(p => p.Row.IsBinary && p.Baseline.IsBinary)
                ? ClassBootstrap.Run(pairs.Select(p => new PairedClasses(p.Row.LabelClasses, p.Row.PredictedClasses, p.Baseline.PredictedClasses)).ToList(),
                    pairs.Max(p => p.Row.ClassCount(p.Baseline)), resamples, seed)
                : null,
            // Scores (STS-B): Pearson and Spearman differences, the seeds' examples pooled as one sample.
            ScoreBootstrap = pairs.All(p => p.Row.Scores)
                ? RegressionBootstrap.Run([.. pairs.SelectMany(p => p.Row.Predicted)], [.. pairs.SelectMany(p => p.Baseline.Predicted)], [.. pairs.SelectMany(p => p.Row.Labels)], resamples, seed)
                : null,
        });

    /// <summary>Pairs each measured row's succeeded runs with the baseline's by seed (same validation pairs only) and applies the test.</summary>
    private static IReadOnlyList<VariantRow> Compare(
        IReadOnlyList<VariantRow> rows, IReadOnlyList<RunRecord> runs, Func<int, RunDecisions?> decisions, string? baseline,
        Func<VariantRow, List<(RunDecisions Row, RunDecisions Baseline)>, VariantRow> test)
    {
        var scored = runs
            .Where(r => r.State == RunState.Succeeded)
            .Select(r => (r.Variant, r.Seed, Decisions: decisions(r.Id)))
            .Where(r => r.Decisions is { Labels.Count: > 0 })
            .ToLookup(r => r.Variant);
        var reference = scored[baseline ?? ""].DistinctBy(r => r.Seed).ToDictionary(r => r.Seed, r => r.Decisions!);
        return rows.Select(row =>
        {
            if (row.Reported || row.Variant == baseline || reference.Count == 0)
            {
                return row;
            }

            var pairs = scored[row.Variant]
                .Where(r => reference.TryGetValue(r.Seed, out var other) && other.Labels.SequenceEqual(r.Decisions!.Labels))
                .Select(r => (r.Decisions!, reference[r.Seed]))
                .ToList();
            return pairs.Count == 0 ? row : test(row, pairs);
        }).ToList();
    }

    /// <summary>
    /// The paper's rows on QQP (ACC / F1 / MCC), quoted in docs/method.md; shown, never mixed with measured rows: its
    /// Table 2 (the ablation) beside the ablation, its Table 1 (other models, only reported: the lab trains none of them
    /// the paper's way) beside the method comparison, both beside the full table.
    /// </summary>
    public static IReadOnlyList<VariantRow> Reported(PresetKind preset) => preset switch
    {
        PresetKind.PaperAblation => [Ours, .. Table2],
        PresetKind.MethodComparison => [.. Table1, Ours],
        PresetKind.PaperTable => [.. Table1, Ours, .. Table2],
        _ => [],
    };

    private static readonly VariantRow Ours = Quote(VariantGenerator.Ours, 0.910, 0.913, 0.80);

    private static readonly VariantRow[] Table1 =
    [
        Quote("BERT", 0.865, 0.872, 0.73),
        Quote("RoBERTa", 0.881, 0.886, 0.75),
        Quote("T5", 0.893, 0.895, 0.77),
        Quote("GPT-4", 0.902, 0.904, 0.78),
    ];

    private static readonly VariantRow[] Table2 =
    [
        Quote(VariantGenerator.WithoutAdaptiveRates, 0.900, 0.888, 0.76),
        Quote(VariantGenerator.WithoutLowRankInit, 0.903, 0.905, 0.78),
        Quote(VariantGenerator.PlainLora, 0.882, 0.887, 0.73),
    ];

    private static VariantRow Quote(string variant, double accuracy, double f1, double mcc) =>
        new(variant, 0, 0, new(accuracy, null, 1), new(f1, null, 1), new(mcc, null, 1), null, null, Reported: true);
}
