using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Components.Pages.Compare;

/// <summary>
/// The compared runs' curves, one series per run in the run's colour: training loss and each evaluation metric, each
/// run's latest attempt (as its own page shows it).
/// </summary>
public static class CompareCharts
{
    public static readonly (string Name, Func<ConfusionCounts, double> Read)[] EvaluationMetrics =
    [
        ("accuracy", c => c.Accuracy),
        ("F1", c => c.F1),
        ("MCC", c => c.Mcc),
        ("precision", c => c.Precision),
        ("recall", c => c.Recall),
    ];

    /// <summary>A regression task's (STS-B) evaluation scores, charted where the compared runs report them.</summary>
    public static readonly (string Name, Func<RegressionScores, double> Read)[] ScoreMetrics =
    [
        ("Pearson", s => s.Pearson),
        ("Spearman", s => s.Spearman),
    ];

    public static string Label(RunRecord run) => $"#{run.Id} {run.Variant} (seed {run.Seed})";

    public static IReadOnlyList<ChartLine> TrainingLoss(IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<int, IReadOnlyList<MetricPoint>> points) =>
        runs.Select((run, i) => new ChartLine(Label(run), ChartPalette.Color(i), CurvesOf(points, run.Id).Train(p => p.Loss))).ToList();

    public static IReadOnlyList<ChartLine> Evaluation(
        IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<int, IReadOnlyList<MetricPoint>> points, Func<ConfusionCounts, double> metric) =>
        runs.SelectMany((run, i) =>
        {
            var curves = CurvesOf(points, run.Id);
            var classifier = new ChartLine(Label(run), ChartPalette.Color(i), curves.Evaluation(metric));
            var matching = curves.Matching(metric);
            return matching.Count == 0 ? [classifier] : new[] { classifier, new ChartLine($"{Label(run)} S_match", ChartPalette.Color(i), matching, Dashed: true) };
        }).ToList();

    public static IReadOnlyList<ChartLine> Scores(
        IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<int, IReadOnlyList<MetricPoint>> points, Func<RegressionScores, double> score) =>
        runs.Select((run, i) => new ChartLine(Label(run), ChartPalette.Color(i), CurvesOf(points, run.Id).Scores(score))).ToList();

    private static RunCurves CurvesOf(IReadOnlyDictionary<int, IReadOnlyList<MetricPoint>> points, int runId) =>
        new(points.TryGetValue(runId, out var list) ? list : []);
}
