using LabPortal.Portal.Services;
using LabPortal.Portal.Services.Playground;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Components;

namespace LabPortal.Portal.Components.Pages.Playground;

public sealed partial class PlaygroundPage : IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private List<RunRecord> _runs = [];
    private int? _runId;
    private string? _first;
    private string? _second;
    private bool _scoring;
    private string? _error;
    private PairScore? _score;
    private TaskFacts? _task;

    [Inject]
    private PairScoring Scoring { get; set; } = default!;

    [Inject]
    private LiveUpdates Live { get; set; } = default!;

    /// <summary>The run to try, from the run page's "Try it" (<c>/playground?run=ID</c>).</summary>
    [SupplyParameterFromQuery(Name = "run")]
    public int? Run { get; set; }

    public void Dispose()
    {
        Live.RunChanged -= OnRunChanged;
        _closing.Cancel();
        _closing.Dispose();
    }

    protected override void OnInitialized()
    {
        _runs = Scoring.FinishedRuns().ToList();
        if (Run is { } requested)
        {
            // A run that cannot be tried is said so, and no other run is picked in its place.
            _error = Scoring.CheckRun(requested);
            _runId = _runs.Any(r => r.Id == requested) ? requested : null;
        }
        else
        {
            _runId = _runs.FirstOrDefault()?.Id;
        }

        _task = _runId is { } id ? Scoring.TaskOf(id) : null;

        Live.RunChanged += OnRunChanged;
    }

    private static string Describe(RunRecord run) => $"#{run.Id} · {run.ExperimentName} · {run.Variant} · seed {run.Seed}";

    private void SelectRun(int? runId)
    {
        _runId = runId;
        _task = runId is { } chosen ? Scoring.TaskOf(chosen) : null;
        _score = null;
        _error = runId is { } id ? Scoring.CheckRun(id) : null;
    }

    private async Task ScoreAsync()
    {
        _scoring = true;
        _error = null;
        _score = null;
        try
        {
            var answer = await Scoring.ScoreAsync(_runId, _first, _second, _closing.Token);
            (_score, _error) = (answer.Score, answer.Error);
        }
        catch (OperationCanceledException)
        {
            return; // the page closed
        }
        finally
        {
            _scoring = false;
        }
    }

    /// <summary>A run that just succeeded joins the list.</summary>
    private void OnRunChanged(RunRecord run)
    {
        if (run.State != RunState.Succeeded || _runs.Any(r => r.Id == run.Id))
        {
            return;
        }

        _ = InvokeAsync(() =>
        {
            _runs = Scoring.FinishedRuns().ToList();
            if (_runId is null)
            {
                SelectRun(run.Id);
            }

            StateHasChanged();
        });
    }

    /// <summary>A single-sentence run (CoLA, SST-2) reads one text, so the form asks for one.</summary>
    private bool SingleText => _task?.SingleText == true;

    // QQP keeps its plain words; another task's decision is its own class name (an older agent sends none), a score its value.
    private static string DecisionText(PairScore score) => score switch
    {
        { PredictedScore: { } predicted } => $"Score {predicted:0.00}",
        { Decision: "" or "duplicate" or "not_duplicate" } => score.IsDuplicate ? "Duplicate" : "Not a duplicate",
        _ => score.Decision,
    };

    private static string RuleText(PairScore score) =>
        score.DecisionRule is "" ? "probability > 0.5 (the run did not use density matching)" : score.DecisionRule;

    private static string ProbabilityLabel(PairScore score) => score.PositiveClass is "" or "duplicate"
        ? "Duplicate probability (S_cls)"
        : $"Probability of '{score.PositiveClass}' (S_cls)";
}
