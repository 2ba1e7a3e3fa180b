using LabPortal.Portal.Components.Pages.Runs;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LabPortal.Portal.Components.Pages.Queue;

/// <summary>
/// Unfinished runs in scheduling order, with priority and cancel. A changed run replaces its row; the lists are read
/// from the store again only when a run's state or priority changes (see <see cref="QueueRows"/>).
/// </summary>
public partial class QueuePage : IDisposable
{
    /// <summary>How many of the newest runs are looked through for recently ended ones.</summary>
    private const int RecentRuns = 50;
    private const int EndedShown = 10;

    private List<RunRecord> _runs = [];
    private List<RunRecord> _ended = [];
    private List<AgentRecord> _online = [];

    [Inject] private RunStore Runs { get; set; } = default!;

    [Inject] private AgentStore Agents { get; set; } = default!;

    [Inject] private RunControl Control { get; set; } = default!;

    [Inject] private LiveUpdates Live { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    /// <summary>"40 % · ETA 1m 30s" under a running run's bar, at its pace so far.</summary>
    private string ProgressText(RunRecord run) =>
        $"{RunProgressMath.Percent(run.Step, run.TotalSteps):0} % · ETA " +
        RunProgressMath.FormatDuration(RunProgressMath.Eta(run.Step, run.TotalSteps, run.StartedAt, Clock.GetUtcNow().UtcDateTime));

    protected override void OnInitialized()
    {
        Load();
        Live.RunChanged += OnRunChanged;
        Live.AgentChanged += OnAgentChanged;
        Live.AgentRemoved += OnAgentRemoved;
    }

    // An agent coming, going or changing can end (or start) a run's wait for memory.
    private void OnAgentChanged(AgentRecord agent) => RefreshAgents();

    private void OnAgentRemoved(string agentId) => RefreshAgents();

    private void RefreshAgents() => InvokeAsync(() =>
    {
        LoadAgents();
        StateHasChanged();
    });

    // Progress is most events and moves nothing; a new run, or a change of state or priority, can reorder the lists.
    private void OnRunChanged(RunRecord run) => InvokeAsync(() =>
    {
        if (!QueueRows.TryReplace(_runs, _ended, run))
        {
            Load();
        }

        StateHasChanged();
    });

    private void Load()
    {
        _runs = [.. Runs.ListUnfinished()];
        _ended = Runs.ListRecent(RecentRuns).Where(r => r.State.IsFinished()).OrderByDescending(r => r.FinishedAt).Take(EndedShown).ToList();
        LoadAgents();
    }

    private void LoadAgents() => _online = Agents.List().Where(a => a.IsOnline).ToList();

    /// <summary>For a queued run that no online agent has the memory for, why it waits; else empty.</summary>
    private string MemoryWait(RunRecord run)
    {
        if (run.State != RunState.Queued)
        {
            return "";
        }

        var spec = LabJson.Deserialize<ExperimentSpec>(run.SpecJson);
        return RunPlacement.TooBigForEveryAgent(spec, _online) is { } estimate
            ? MemoryEstimateText.Waits(estimate, _online.Max(a => a.MemoryBytes))
            : "";
    }

    /// <summary>A queued run's place in the line ("1" goes next); empty for runs an agent holds.</summary>
    private string PlaceOf(RunRecord run)
    {
        var queued = _runs.Where(r => r.State == RunState.Queued).ToList();
        var index = queued.IndexOf(run);
        return index < 0 ? "" : (index + 1).ToString();
    }

    private static string Needs(RunRecord run)
    {
        var parts = new List<string>();
        if (run.RequiredDevice != DeviceRequirement.Any)
        {
            parts.Add(run.RequiredDevice.ToString().ToLowerInvariant());
        }

        if (run.MinMemoryBytes > 0)
        {
            parts.Add($"≥ {ByteSize.Format(run.MinMemoryBytes)}");
        }

        return parts.Count == 0 ? "any agent" : string.Join(", ", parts);
    }

    private void SetPriority(RunRecord run, int priority) => Act(() => Control.SetPriority(run.Id, priority));

    private void Requeue(RunRecord run) => Act(() => Control.Requeue(run.Id));

    private async Task CancelAsync(RunRecord run)
    {
        try
        {
            await Control.CancelAsync(run.Id);
            Snackbar.Add($"Run #{run.Id} canceled.", Severity.Info);
        }
        catch (RunTransitionException refused)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }
    }

    /// <summary>Runs a change; a refusal (the run moved on meanwhile) is shown, not thrown.</summary>
    private void Act(Func<RunRecord?> change)
    {
        try
        {
            change();
        }
        catch (RunTransitionException refused)
        {
            Snackbar.Add(refused.Message, Severity.Warning);
        }
    }

    public void Dispose()
    {
        Live.RunChanged -= OnRunChanged;
        Live.AgentChanged -= OnAgentChanged;
        Live.AgentRemoved -= OnAgentRemoved;
    }
}
