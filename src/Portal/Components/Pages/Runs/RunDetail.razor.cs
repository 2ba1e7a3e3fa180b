using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LabPortal.Portal.Components.Pages.Runs;

/// <summary>One run, live: loads its record and points once, then follows the live updates.</summary>
public partial class RunDetail
{
    private const int MaxChartPoints = 300;

    private readonly List<MetricPoint> _trainPoints = [];
    private readonly List<MetricPoint> _evaluations = [];
    private readonly List<ChartSeries<double>> _lossSeries = [new() { Name = "training loss", Data = new ChartData<double>(Array.Empty<double>()) }];
    private string[] _lossLabels = [];
    private RunRecord? _run;

    [Parameter] public int RunId { get; set; }

    [Inject] private RunStore Runs { get; set; } = default!;

    [Inject] private MetricStore Metrics { get; set; } = default!;

    [Inject] private LiveUpdates Live { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    private double Percent => _run is null ? 0
        : _run.State == RunState.Succeeded ? 100
        : RunProgressMath.Percent(_run.Step, _run.TotalSteps);

    private TimeSpan? Eta => _run is null || _run.State.IsFinished() ? null
        : RunProgressMath.Eta(_run.Step, _run.TotalSteps, _run.StartedAt, Clock.GetUtcNow().UtcDateTime);

    protected override void OnInitialized()
    {
        Live.RunChanged += OnRunChanged;
        Live.PointsAdded += OnPointsAdded;
    }

    protected override void OnParametersSet()
    {
        _run = Runs.Get(RunId);
        _trainPoints.Clear();
        _evaluations.Clear();
        AddPoints(Metrics.ListForRun(RunId));
    }

    private void OnRunChanged(RunRecord run)
    {
        if (run.Id == RunId)
        {
            InvokeAsync(() =>
            {
                _run = run;
                StateHasChanged();
            });
        }
    }

    private void OnPointsAdded(int runId, IReadOnlyList<MetricPoint> points)
    {
        if (runId == RunId)
        {
            InvokeAsync(() =>
            {
                AddPoints(points);
                StateHasChanged();
            });
        }
    }

    private void AddPoints(IEnumerable<MetricPoint> points)
    {
        foreach (var point in points)
        {
            (point.Kind == ProgressKind.Eval ? _evaluations : _trainPoints).Add(point);
        }

        var shown = ChartDownsampler.Take(_trainPoints.Where(p => p.Loss is not null).ToList(), MaxChartPoints);
        _lossSeries[0].Data = new ChartData<double>(shown.Select(p => p.Loss!.Value).ToArray());
        // Label about ten points so the axis stays readable.
        var every = Math.Max(1, shown.Count / 10);
        _lossLabels = shown.Select((p, i) => i % every == 0 ? p.Step.ToString() : "").ToArray();
    }

    public void Dispose()
    {
        Live.RunChanged -= OnRunChanged;
        Live.PointsAdded -= OnPointsAdded;
    }
}
