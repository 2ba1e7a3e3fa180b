using LabPortal.Portal.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;
using LabPortal.Shared.Metrics;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Services.Runs;

namespace LabPortal.Portal.Components.Pages.Runs;

/// <summary>One run, live: loads its record and points once, then follows the live updates.</summary>
public partial class RunDetail
{
    private RunCurves _curves = new([]);
    private IReadOnlyList<ChartLine> _lossLines = [new("training loss", "#594ae2", [])];
    private IReadOnlyList<ChartLine> _evaluationLines = [];
    private IReadOnlyList<ChartLine> _rateLines = [];
    private AdapterMap? _adapterMap;
    private RunRecord? _run;
    private RunSpecFacts? _facts;
    private IReadOnlyList<ArtifactInfo> _artifacts = [];

    [Parameter] public int RunId { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private RunView View { get; set; } = default!;

    [Inject] private LiveUpdates Live { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private double Percent => _run is null ? 0
        : _run.State == RunState.Succeeded ? 100
        : RunProgressMath.Percent(_run.Step, _run.TotalSteps);

    /// <summary>"ETA 30s" while the run trains; once it has ended, how long it took.</summary>
    private string TimeText => _run is { StartedAt: { } started, FinishedAt: { } finished } && _run.State.IsFinished()
        ? $"Took {RunProgressMath.FormatDuration(finished - started)}"
        : $"ETA {RunProgressMath.FormatDuration(Eta)}";

    private TimeSpan? Eta => _run is null || _run.State.IsFinished() ? null
        : RunProgressMath.Eta(_run.Step, _run.TotalSteps, _run.StartedAt, Clock.GetUtcNow().UtcDateTime);

    /// <summary>C3's γ and δ beside τ (they decide with it); empty for a run without them.</summary>
    private string MatchingWeights() => _run is { MatchingGamma: { } gamma, MatchingDelta: { } delta }
        ? FormattableString.Invariant($" with γ = {gamma:0.##}, δ = {delta:0.##}")
        : "";

    protected override void OnInitialized()
    {
        Live.RunChanged += OnRunChanged;
        Live.PointsAdded += OnPointsAdded;
    }

    protected override void OnParametersSet()
    {
        _run = View.Get(RunId);
        _facts = _run is null ? null : View.Facts(_run);
        _artifacts = View.Files(RunId);
        _curves = new RunCurves([]);
        AddPoints(View.Points(RunId));
    }

    private void OnRunChanged(RunRecord run)
    {
        if (run.Id == RunId)
        {
            InvokeAsync(() =>
            {
                _run = run;
                // Agents upload a run's files just before they report it finished.
                _artifacts = run.State.IsFinished() ? View.Files(RunId) : _artifacts;
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

    /// <summary>The class metrics the evaluation chart draws, each in its colour (S_match's reading dashed in the same one).</summary>
    private static readonly (string Name, string Color, Func<ConfusionCounts, double> Read)[] ClassMetricLines =
    [
        ("accuracy", "#2e7d32", c => c.Accuracy),
        ("F1", "#1565c0", c => c.F1),
        ("MCC", "#ef6c00", c => c.Mcc),
    ];

    private void AddPoints(IEnumerable<MetricPoint> points)
    {
        _curves.Add(points);
        // The latest attempt first; a requeued run's earlier attempts follow, hidden until their legend entry is clicked.
        _lossLines =
        [
            new("training loss", "#594ae2", _curves.Train(p => p.Loss)),
            .. _curves.EarlierAttempts(p => p.Loss).Select(e => new ChartLine($"attempt {e.Attempt}", "#9e9e9e", e.Points, Hidden: true)),
        ];
        _rateLines =
        [
            new("lr_A", "#6a1b9a", _curves.Train(p => p.LearningRateA)),
            new("lr_B", "#00838f", _curves.Train(p => p.LearningRateB)),
        ];
        _adapterMap = AdapterMap.Of(_curves.TrainReports);
        _evaluationLines = _curves.Scored
            ?
            [
                new("Pearson", "#2e7d32", _curves.Scores(s => s.Pearson)),
                new("Spearman", "#1565c0", _curves.Scores(s => s.Spearman)),
            ]
            : ClassMetricLines.SelectMany(m => new ChartLine[]
                {
                    new(m.Name, m.Color, _curves.Evaluation(m.Read)),
                    new($"{m.Name} (S_match)", m.Color, _curves.Matching(m.Read), Dashed: true),
                })
                .Where(line => !line.Dashed || line.Points.Count > 0)
                .ToList();
    }

    /// <summary>Queues the identical spec as a new experiment and opens its run.</summary>
    private async Task RerunAsync()
    {
        var result = View.Rerun(_run!, await AuthenticationState.NameAsync());
        if (result.Experiment is { } experiment)
        {
            Navigation.NavigateTo($"/runs/{experiment.RunIds[0]}");
            return;
        }

        // The spec no longer passes here (a dataset file moved, say): say why rather than do nothing.
        Snackbar.Add("Cannot re-run: " + string.Join(" ", result.Errors.Select(e => e.Message)), Severity.Error);
    }

    private async Task CancelAsync() => await ActAsync(() => View.CancelAsync(RunId));

    private async Task RequeueAsync() => await ActAsync(() => Task.FromResult(View.Requeue(RunId)));

    /// <summary>Applies a change; the page follows the result through the live updates. A refusal is shown.</summary>
    private async Task ActAsync(Func<Task<RunRecord?>> change)
    {
        try
        {
            await change();
        }
        catch (RunTransitionException refused)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }
    }

    private static string FormatSize(long bytes) => bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MiB" : $"{bytes / 1024.0:0.#} KiB";

    private static string DescribeArtifact(string name) => name switch
    {
        ArtifactNames.Adapter => "LoRA adapter in PEFT's layout (adapter_config.json + adapter_model.safetensors)",
        ArtifactNames.Predictions => "per-example predictions and probabilities on the validation file",
        ArtifactNames.Result => "final metrics, counts, timings and the spec",
        ArtifactNames.Head => "the trained classification head (safetensors, Hugging Face names)",
        _ => "",
    };

    public void Dispose()
    {
        Live.RunChanged -= OnRunChanged;
        Live.PointsAdded -= OnPointsAdded;
    }
}
