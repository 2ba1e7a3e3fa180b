using LabPortal.Portal.Components.Pages.Runs;
using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LabPortal.Portal.Components.Pages.Agents;

/// <summary>
/// Every agent with its live state and current run. Follows agent and run events; a one-second tick keeps
/// "12 s ago" and the lost state (missed heartbeats) current without reading the database.
/// </summary>
public partial class AgentsPage : IDisposable
{
    private readonly Dictionary<int, RunRecord> _currentRuns = [];
    private List<AgentRecord> _agents = [];
    private ITimer? _tick;

    [Inject] private AgentStore Agents { get; set; } = default!;

    [Inject] private RunStore Runs { get; set; } = default!;

    [Inject] private AgentStatus Status { get; set; } = default!;

    [Inject] private AgentAdministration Admin { get; set; } = default!;

    [Inject] private LiveUpdates Live { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override void OnInitialized()
    {
        _agents = Agents.List().ToList();
        foreach (var runId in _agents.Select(a => a.CurrentRunId).OfType<int>())
        {
            TrackRun(runId);
        }

        Live.AgentChanged += OnAgentChanged;
        Live.AgentRemoved += OnAgentRemoved;
        Live.RunChanged += OnRunChanged;
        _tick = Clock.CreateTimer(_ => InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private void OnAgentChanged(AgentRecord agent) => InvokeAsync(() =>
    {
        var index = _agents.FindIndex(a => a.Id == agent.Id);
        if (index >= 0)
        {
            _agents[index] = agent;
        }
        else
        {
            _agents.Add(agent);
            _agents.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        }

        if (agent.CurrentRunId is { } runId)
        {
            TrackRun(runId);
        }

        StateHasChanged();
    });

    private void OnAgentRemoved(string agentId) => InvokeAsync(() =>
    {
        _agents.RemoveAll(a => a.Id == agentId);
        StateHasChanged();
    });

    private void OnRunChanged(RunRecord run)
    {
        if (_agents.Any(a => a.CurrentRunId == run.Id))
        {
            InvokeAsync(() =>
            {
                _currentRuns[run.Id] = run;
                StateHasChanged();
            });
        }
    }

    private void TrackRun(int runId)
    {
        if (!_currentRuns.ContainsKey(runId) && Runs.Get(runId) is { } run)
        {
            _currentRuns[runId] = run;
        }
    }

    private double PercentOf(int runId) =>
        _currentRuns.TryGetValue(runId, out var run) ? RunProgressMath.Percent(run.Step, run.TotalSteps) : 0;

    private string StateName(AgentRecord agent) => Status.StateOf(agent).ToString().ToLowerInvariant();

    private static Color ColorOf(AgentState state) => state switch
    {
        AgentState.Idle => Color.Success,
        AgentState.Busy => Color.Primary,
        AgentState.Draining => Color.Warning,
        AgentState.Lost => Color.Error,
        _ => Color.Default,
    };

    private void Remove(AgentRecord agent)
    {
        var outcome = Admin.Remove(agent.Id);
        if (outcome == AgentRemoval.Online)
        {
            Snackbar.Add($"Agent '{agent.Id}' came back online; only an offline agent can be removed.", Severity.Warning);
        }
    }

    public void Dispose()
    {
        _tick?.Dispose();
        Live.AgentChanged -= OnAgentChanged;
        Live.AgentRemoved -= OnAgentRemoved;
        Live.RunChanged -= OnRunChanged;
    }
}
