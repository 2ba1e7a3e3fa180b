using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;
using LabPortal.Portal.Services.Runs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LabPortal.Portal.Components.Pages.Experiments;

public sealed partial class ExperimentPage : IDisposable
{
    private ExperimentRecord? _experiment;
    private List<RunRecord> _runs = [];
    private IReadOnlyList<VariantRow> _rows = [];
    private string? _baseline;
    private SignificanceTest _test = SignificanceTest.McNemar;
    private int _resamples = PairedBootstrap.DefaultResamples;

    // Per-pair decisions of succeeded runs, read once: progress events re-summarise the table often.
    private readonly Dictionary<int, RunDecisions?> _decisions = [];

    // The last bootstrap, by what it was computed from: resampling is costly and its inputs rarely change.
    private string? _bootstrapKey;
    private IReadOnlyList<VariantRow>? _bootstrapped;
    private bool _bootstrapping;
    private string? _bootstrapError;

    [Inject]
    private ExperimentStore Experiments { get; set; } = default!;

    [Inject]
    private RunStore Runs { get; set; } = default!;

    [Inject]
    private LiveUpdates Live { get; set; } = default!;

    [Inject]
    private ArtifactStore Artifacts { get; set; } = default!;

    [Inject]
    private MetricStore Metrics { get; set; } = default!;

    [Inject]
    private RunControl Control { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    // The convergence curves, by the succeeded runs they were drawn from: points are read again only when one finishes.
    private string? _convergenceKey;
    private Convergence.Summary _convergence = new(null, null, []);
    private IReadOnlyList<ChartLine> _convergenceLines = [];

    // The bar chart of the headline metric, rebuilt with the table.
    private HeadlineMetric _headline = HeadlineMetric.Accuracy;
    private IReadOnlyList<ChartBar> _bars = [];

    [Parameter]
    public int ExperimentId { get; set; }

    public void Dispose() => Live.RunChanged -= OnRunChanged;

    protected override void OnInitialized() => Live.RunChanged += OnRunChanged;

    protected override void OnParametersSet()
    {
        _experiment = Experiments.Get(ExperimentId);
        _runs = Runs.ListForExperiment(ExperimentId).ToList();
        Summarise();
    }

    private string TestHeading => _test == SignificanceTest.McNemar
        ? $"vs {_baseline}: better or worse, McNemar p (only this right / only {_baseline} right), * p < 0.05"
        : $"vs {_baseline}: paired bootstrap, difference [95 % interval] p, * interval excludes 0";

    private string BootstrapStatus => _bootstrapping ? "Resampling…" : _bootstrapError ?? $"{_resamples:N0} resamples, seed {PairedBootstrap.DefaultSeed}";

    private static string Significance(VariantRow row) => row switch
    {
        { VersusBaseline: { } test } => SignificanceText.Of(test),
        { Bootstrap: { } b } => SignificanceText.Of(b),
        { ScoreBootstrap: { } s } => SignificanceText.Of(s),
        { ClassBootstrap: { } c } => SignificanceText.Of(c),
        _ => "",
    };

    /// <summary>Some row scored a regression task (STS-B), so the table shows Pearson and Spearman too.</summary>
    private bool HasScores => _rows.Any(r => r.Pearson is not null);

    /// <summary>The table quotes the paper, so measured rows get a "measured − reported" column.</summary>
    private bool HasReported => _rows.Any(r => r.Reported);

    /// <summary>Whether a row's mean is the best measured one in its column (reported rows are not measured here).</summary>
    private bool IsBest(VariantRow row, Func<VariantRow, MeanAndSpread?> metric) =>
        !row.Reported && metric(row) is { } value && value.Mean >= _rows.Where(r => !r.Reported).Max(r => metric(r)?.Mean ?? double.MinValue);

    /// <summary>The seeds of a variant that ended without a result (" · 1 failed"), so a short count is explained.</summary>
    private string NotCounted(string variant)
    {
        var ended = _runs.Where(r => r.Variant == variant && r.State is RunState.Failed or RunState.Canceled)
            .GroupBy(r => r.State)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        return string.Concat(ended.Select(part => $" · {part}"));
    }

    private void OnRunChanged(RunRecord run)
    {
        if (run.ExperimentId != ExperimentId)
        {
            return;
        }

        InvokeAsync(() =>
        {
            var index = _runs.FindIndex(r => r.Id == run.Id);
            if (index >= 0)
            {
                _runs[index] = run;
            }
            else
            {
                _runs.Add(run);
            }

            Summarise();
            StateHasChanged();
        });
    }

    private void SetBaseline(string baseline)
    {
        _baseline = baseline;
        Summarise();
    }

    private void SetTest(SignificanceTest test)
    {
        _test = test;
        Summarise();
    }

    private void SetResamples(int resamples)
    {
        _resamples = Math.Clamp(resamples, 1, PairedBootstrap.MaxResamples);
        Summarise();
    }

    /// <summary>
    /// Cancels every queued or running run of the experiment after the person confirms the count. Whoever may open this
    /// page may cancel a single run (run page, queue, API), so the same people may cancel them all.
    /// </summary>
    private async Task CancelRemainingAsync()
    {
        var remaining = Control.Remaining(ExperimentId).Count;
        if (remaining == 0)
        {
            Snackbar.Add("No run of this experiment is queued or running.", Severity.Info);
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel remaining runs",
            $"Cancel the {RunCount(remaining)} of this experiment that {(remaining == 1 ? "is" : "are")} queued or running? What they reported so far is kept; finished runs stay as they are.",
            yesText: $"Cancel {RunCount(remaining)}",
            cancelText: "Keep them");
        if (confirmed != true)
        {
            return;
        }

        var canceled = await Control.CancelRemainingAsync(ExperimentId);
        Snackbar.Add($"{RunCount(canceled)} canceled.", Severity.Info);
    }

    private static string RunCount(int count) => count == 1 ? "1 run" : $"{count} runs";

    /// <summary>"41 s · 6,400 examples", with "(2 / 3 seeds)" when not every seed got there, or "never".</summary>
    private string TimeToTarget(string variant)
    {
        var time = _convergence.Curves.FirstOrDefault(c => c.Variant == variant)?.Time;
        if (time is null)
        {
            return "";
        }

        if (time.SeedsReached == 0)
        {
            return "never";
        }

        var seeds = time.SeedsReached < time.Seeds ? $" ({time.SeedsReached} / {time.Seeds} seeds)" : "";
        return $"{time.Seconds:0} s · {time.Examples:N0} examples{seeds}";
    }

    /// <summary>Redraws the convergence curves when the set of succeeded runs (or the baseline) changed.</summary>
    private void SummariseConvergence()
    {
        var key = $"{_baseline}:{string.Join(',', _runs.Where(r => r.State == RunState.Succeeded).Select(r => $"{r.Id}.{r.Attempt}"))}";
        if (key == _convergenceKey)
        {
            return;
        }

        _convergenceKey = key;
        _convergence = Convergence.Of(_runs, Metrics.ListForRun, _baseline);
        _convergenceLines = _convergence.Curves
            .Select((curve, i) => new ChartLine(curve.Variant, ChartPalette.Color(i), curve.Points))
            .ToList();
    }

    private void Summarise()
    {
        var measured = ExperimentTable.Measured(_runs);
        _baseline = measured.Any(r => r.Variant == _baseline) ? _baseline : ExperimentTable.DefaultBaseline(measured);
        var tested = _test == SignificanceTest.McNemar
            ? ExperimentTable.WithSignificance(measured, _runs, Decisions, _baseline)
            : Bootstrapped(measured);
        _rows = ExperimentTable.WithReported(tested, _experiment?.Preset ?? PresetKind.None);
        _headline = HeadlineMetric.Of(_runs);
        _bars = BarsOf(_rows, _headline, _baseline);
        SummariseConvergence();
    }

    /// <summary>
    /// A bar per row with a value, each measured bar followed by the paper's bar for the same variant, so they sit side by
    /// side; the baseline's bar is marked when there is another measured bar to compare with it.
    /// </summary>
    private static List<ChartBar> BarsOf(IReadOnlyList<VariantRow> rows, HeadlineMetric metric, string? baseline)
    {
        var ordered = rows.Where(r => !r.Reported)
            .SelectMany(row => rows.Where(r => r.Reported && r.Variant == row.Variant).Prepend(row))
            .Concat(rows.Where(r => r.Reported && !rows.Any(m => !m.Reported && m.Variant == r.Variant)));
        var compared = rows.Count(r => !r.Reported && metric.Read(r) is not null) > 1;
        return ordered
            .Select(row => (Row: row, Value: metric.Read(row)))
            .Where(bar => bar.Value is not null)
            .Select(bar => new ChartBar(bar.Row.Variant, bar.Value!.Mean, bar.Value.StandardDeviation, bar.Value.Count, bar.Row.Reported,
                Baseline: compared && !bar.Row.Reported && bar.Row.Variant == baseline))
            .ToList();
    }

    /// <summary>The rows with the bootstrap when it is computed for these runs and settings; starts it in the background when not.</summary>
    private IReadOnlyList<VariantRow> Bootstrapped(IReadOnlyList<VariantRow> measured)
    {
        var succeeded = _runs.Where(r => r.State == RunState.Succeeded).Select(r => r.Id).Order();
        var key = $"{_baseline}|{_resamples}|{string.Join(',', succeeded)}";
        if (key == _bootstrapKey && _bootstrapped is not null)
        {
            // Same inputs: keep the intervals, take the fresh means.
            return measured.Select(row => _bootstrapped.FirstOrDefault(b => b.Variant == row.Variant) is { } b
                ? row with { Bootstrap = b.Bootstrap, ScoreBootstrap = b.ScoreBootstrap, ClassBootstrap = b.ClassBootstrap }
                : row).ToList();
        }

        if (key != _bootstrapKey)
        {
            _bootstrapKey = key;
            _bootstrapped = null;
            _ = ResampleAsync(key, measured, _runs.ToList(), _baseline, _resamples);
        }

        return measured;
    }

    private async Task ResampleAsync(string key, IReadOnlyList<VariantRow> measured, List<RunRecord> runs, string? baseline, int resamples)
    {
        _bootstrapping = true;
        foreach (var run in runs.Where(r => r.State == RunState.Succeeded))
        {
            Decisions(run.Id); // read on this thread; the cache is not shared with the worker
        }

        var decisions = new Dictionary<int, RunDecisions?>(_decisions);
        IReadOnlyList<VariantRow> rows;
        try
        {
            rows = await Task.Run(() => ExperimentTable.WithBootstrap(measured, runs, id => decisions.GetValueOrDefault(id), baseline, resamples));
            _bootstrapError = null;
        }
        catch (ArgumentException exception)
        {
            rows = measured;
            _bootstrapError = $"The bootstrap could not run: {exception.Message}";
        }

        if (key != _bootstrapKey)
        {
            return; // the settings or runs changed meanwhile; a newer resampling is under way
        }

        _bootstrapped = rows;
        _bootstrapping = false;
        Summarise();
        StateHasChanged();
    }

    private RunDecisions? Decisions(int runId)
    {
        if (!_decisions.TryGetValue(runId, out var decisions))
        {
            decisions = _runs.FirstOrDefault(r => r.Id == runId) is { } run ? PredictionFiles.Decisions(Artifacts, run) : null;
            _decisions[runId] = decisions;
        }

        return decisions;
    }
}
