using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// One run's curves as the run and compare pages draw them: the latest attempt (a requeued run starts again at
/// step 0, and earlier attempts would draw back over it), training values downsampled keeping their extremes; earlier
/// attempts' training reports are kept apart, for a run page that offers them as their own lines.
/// </summary>
public sealed class RunCurves
{
    public const int MaxChartPoints = 300;

    private readonly List<MetricPoint> _train = [];
    private readonly List<MetricPoint> _evaluations = [];
    private readonly SortedDictionary<int, List<MetricPoint>> _earlierTrain = [];

    public RunCurves(IEnumerable<MetricPoint> points) => Add(points);

    /// <summary>The kept attempt's training reports, in the order they came.</summary>
    public IReadOnlyList<MetricPoint> TrainReports => _train;

    /// <summary>The kept attempt's evaluation points, in the order they came.</summary>
    public IReadOnlyList<MetricPoint> Evaluations => _evaluations;

    /// <summary>The attempt whose points are kept; 0 before any point.</summary>
    public int Attempt { get; private set; }

    /// <summary>Takes new points in: a later attempt replaces what was kept, an earlier one is ignored.</summary>
    public void Add(IEnumerable<MetricPoint> points)
    {
        foreach (var point in points)
        {
            if (point.Attempt > Attempt)
            {
                if (_train.Count > 0)
                {
                    _earlierTrain[Attempt] = [.. _train];
                }

                Attempt = point.Attempt;
                _train.Clear();
                _evaluations.Clear();
            }

            if (point.Attempt == Attempt)
            {
                (point.Kind == ProgressKind.Eval ? _evaluations : _train).Add(point);
            }
            else if (point.Kind == ProgressKind.Train)
            {
                // An earlier attempt's report stored late joins that attempt's own line.
                (_earlierTrain.TryGetValue(point.Attempt, out var list) ? list : _earlierTrain[point.Attempt] = []).Add(point);
            }
        }
    }

    /// <summary>A value reported with training progress (the loss, an applied learning rate) by step.</summary>
    public IReadOnlyList<(double X, double Y)> Train(Func<MetricPoint, double?> value) =>
        ChartDownsampler.Take(_train.Where(p => value(p) is not null).Select(p => ((double)p.Step, value(p)!.Value)).ToList(), MaxChartPoints);

    /// <summary>A training value of each earlier attempt by step, oldest attempt first (none for a run never requeued).</summary>
    public IReadOnlyList<(int Attempt, IReadOnlyList<(double X, double Y)> Points)> EarlierAttempts(Func<MetricPoint, double?> value) =>
        _earlierTrain.Select(e => (e.Key, ChartDownsampler.Take(
            e.Value.Where(p => value(p) is not null).OrderBy(p => p.Step).Select(p => ((double)p.Step, value(p)!.Value)).ToList(), MaxChartPoints))).ToList();

    /// <summary>An evaluation metric by step (evaluations are few: all of them are kept).</summary>
    public IReadOnlyList<(double X, double Y)> Evaluation(Func<ConfusionCounts, double> metric) =>
        _evaluations.Where(p => p.Evaluation is not null).Select(p => ((double)p.Step, metric(p.Evaluation!))).ToList();

    /// <summary>A C3 run's evaluations decided by S_match ≥ τ (τ chosen on the same pairs), by step; empty for other runs.</summary>
    public IReadOnlyList<(double X, double Y)> Matching(Func<ConfusionCounts, double> metric) =>
        _evaluations.Where(p => p.Matching is not null).Select(p => ((double)p.Step, metric(p.Matching!))).ToList();

    /// <summary>Whether the evaluations score a regression task (STS-B): their curves are correlations, not class metrics.</summary>
    public bool Scored => _evaluations.Any(p => p.Regression is not null);

    /// <summary>A regression evaluation's score (Pearson, Spearman) by step.</summary>
    public IReadOnlyList<(double X, double Y)> Scores(Func<RegressionScores, double> score) =>
        _evaluations.Where(p => p.Regression is not null).Select(p => ((double)p.Step, score(p.Regression!))).ToList();
}
