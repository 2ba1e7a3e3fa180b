using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Services;
using LabPortal.Portal.Services.Compare;
using LabPortal.Portal.Storage;
using Microsoft.AspNetCore.Components;

namespace LabPortal.Portal.Components.Pages.Compare;

/// <summary>Runs side by side: final metrics, overlaid curves and the spec fields that differ. Follows the runs live.</summary>
public partial class ComparePage
{
    private static readonly Dictionary<string, Func<RunRecord, double?>> MetricOf = new()
    {
        ["accuracy"] = r => r.ClassEvaluation?.Accuracy,
        ["f1"] = r => r.ClassEvaluation?.F1,
        ["mcc"] = r => r.ClassEvaluation?.Mcc,
        ["precision"] = r => r.Evaluation?.Precision,
        ["recall"] = r => r.Evaluation?.Recall,
        ["loss"] = r => r.EvaluationLoss,
    };

    private readonly Dictionary<int, IReadOnlyList<MetricPoint>> _points = [];
    private IReadOnlyList<int> _ids = [];
    private List<RunRecord> _runs = [];
    private IReadOnlyList<ConfigDiffRow> _diff = [];
    private IReadOnlyList<ChartLine> _lossLines = [];
    private IReadOnlyList<(string Name, IReadOnlyList<ChartLine> Lines)> _evaluationLines = [];
    private string? _problem;
    private bool _showAllFields;

    /// <summary>The runs to compare, as ids separated by commas ("3,7,12").</summary>
    [SupplyParameterFromQuery(Name = "runs")] public string? RunIds { get; set; }

    [Inject] private RunSelection Selection { get; set; } = default!;

    [Inject] private MetricStore Metrics { get; set; } = default!;

    [Inject] private LiveUpdates Live { get; set; } = default!;

    private string IdList => string.Join(',', _runs.Select(r => r.Id));

    protected override void OnInitialized()
    {
        Live.RunChanged += OnRunChanged;
        Live.PointsAdded += OnPointsAdded;
    }

    protected override void OnParametersSet()
    {
        _problem = null;
        _runs = [];
        _points.Clear();
        if (RunSelection.ParseIds(RunIds, out var error) is not { } ids)
        {
            _problem = error;
            return;
        }

        var (found, missing) = Selection.Load(ids);
        _ids = ids;
        _runs = [.. found];
        if (missing.Count > 0)
        {
            _problem = missing.Count == 1 ? $"Run {missing[0]} does not exist." : $"Runs {string.Join(", ", missing)} do not exist.";
        }

        foreach (var run in _runs)
        {
            _points[run.Id] = Metrics.ListForRun(run.Id);
        }

        Summarise();
    }

    private void Summarise()
    {
        _diff = ConfigDiff.Of(_runs.Select(r => r.SpecJson).ToList());
        _lossLines = CompareCharts.TrainingLoss(_runs, _points);
        _evaluationLines = CompareCharts.EvaluationMetrics
            .Select(metric => (metric.Name, CompareCharts.Evaluation(_runs, _points, metric.Read)))
            .Concat(CompareCharts.ScoreMetrics.Select(metric => (metric.Name, CompareCharts.Scores(_runs, _points, metric.Read))))
            .Where(chart => chart.Item2.Any(line => line.Points.Count > 0))
            .ToList();
    }

    private void OnRunChanged(RunRecord run)
    {
        if (_ids.Contains(run.Id))
        {
            InvokeAsync(() =>
            {
                var index = _runs.FindIndex(r => r.Id == run.Id);
                if (index >= 0)
                {
                    _runs[index] = run;
                    StateHasChanged();
                }
            });
        }
    }

    private void OnPointsAdded(int runId, IReadOnlyList<MetricPoint> points)
    {
        if (_ids.Contains(runId))
        {
            InvokeAsync(() =>
            {
                _points[runId] = [.. _points.GetValueOrDefault(runId) ?? [], .. points];
                Summarise();
                StateHasChanged();
            });
        }
    }

    /// <summary>Whether <paramref name="value"/> is the best of the compared runs' values of <paramref name="metric"/>.</summary>
    private bool IsBest(string metric, double? value)
    {
        var values = _runs.Select(MetricOf[metric]).OfType<double>().ToList();
        return _runs.Count > 1 && value is { } v && v == (metric == "loss" ? values.Min() : values.Max());
    }

    private string Emphasis(string metric, double? value) => IsBest(metric, value) ? "font-weight: 700" : "";

    private static string Format(double? value) => value is { } v ? v.ToString("0.0000") : "";

    public void Dispose()
    {
        Live.RunChanged -= OnRunChanged;
        Live.PointsAdded -= OnPointsAdded;
    }
}
