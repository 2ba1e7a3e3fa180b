using LabPortal.Portal.Components.Pages.Runs;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Components.Pages.Compare;

/// <summary>The compared runs' curves, one series per run in the run's colour: training loss and each evaluation metric.</summary>
public static class CompareCharts
{
    private const int MaxChartPoints = 300;

    public static readonly (string Name, Func<ConfusionCounts, double> Read)[] EvaluationMetrics =
    [
        ("accuracy", c => c.Accuracy),
        ("F1", c => c.F1),
        ("MCC", c => c.Mcc),
        ("precision", c => c.Precision),
        ("recall", c => c.Recall),
    ];

    public static string Label(RunRecord run) => $"#{run.Id} {run.Variant} (seed {run.Seed})";

    public static IReadOnlyList<ChartLine> TrainingLoss(IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<int, IReadOnlyList<MetricPoint>> points) =>
        runs.Select((run, i) => new ChartLine(
                Label(run),
                ChartPalette.Color(i),
                ChartDownsampler.Take(Of(points, run.Id).Where(p => p.Kind == ProgressKind.Train && p.Loss is not null).ToList(), MaxChartPoints)
                    .Select(p => ((double)p.Step, p.Loss!.Value))
                    .ToList()))
            .ToList();

    public static IReadOnlyList<ChartLine> Evaluation(
        IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<int, IReadOnlyList<MetricPoint>> points, Func<ConfusionCounts, double> metric) =>
        runs.Select((run, i) => new ChartLine(
                Label(run),
                ChartPalette.Color(i),
                Of(points, run.Id).Where(p => p.Kind == ProgressKind.Eval && p.Evaluation is not null)
                    .Select(p => ((double)p.Step, metric(p.Evaluation!)))
                    .ToList()))
            .ToList();

    private static IReadOnlyList<MetricPoint> Of(IReadOnlyDictionary<int, IReadOnlyList<MetricPoint>> points, int runId) =>
        points.TryGetValue(runId, out var list) ? list : [];
}
