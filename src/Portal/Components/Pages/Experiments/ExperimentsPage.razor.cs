using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LabPortal.Portal.Components.Pages.Experiments;

/// <summary>
/// Every launch, newest first, a page at a time, filtered by name or person through the link (?q=), so a view can be
/// shared and survives a reload. Live: a run that changes state or result updates its experiment's row from the
/// event alone; a new launch reloads the first page once.
/// </summary>
public sealed partial class ExperimentsPage : IDisposable
{
    // Launches already reloaded for: their runs are announced one by one, and one may not match the filter.
    private readonly HashSet<int> _launchesHeardOf = [];
    private MudTable<ExperimentSummary>? _table;
    private List<ExperimentSummary> _rows = [];
    private int _total;
    private bool _loaded;
    private string? _loadedSearch;

    [SupplyParameterFromQuery(Name = "q")]
    public string? Search { get; set; }

    [Inject] private ExperimentList Experiments { get; set; } = default!;

    [Inject] private LiveUpdates Live { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private int NewestShown => _rows.Count == 0 ? 0 : _rows[0].Experiment.Id;

    protected override void OnInitialized() => Live.RunChanged += OnRunChanged;

    // The link's filter changed (typed here, or back and forward): the list follows it from its first page.
    protected override async Task OnParametersSetAsync()
    {
        if (_table is not null && _loaded && Search != _loadedSearch)
        {
            _table.NavigateTo(0);
            await _table.ReloadServerData();
        }
    }

    private Task<TableData<ExperimentSummary>> Load(TableState state, CancellationToken cancellation)
    {
        var found = Experiments.Find(Search, state.Page * state.PageSize, state.PageSize);
        // The table shows this very list, so a live change replaces a row in it.
        _rows = [.. found.Rows];
        _total = found.Total;
        _loadedSearch = Search;
        _loaded = true;
        return Task.FromResult(new TableData<ExperimentSummary> { Items = _rows, TotalItems = found.Total });
    }

    private void SearchFor(string? text) => Navigation.NavigateTo(
        Navigation.GetUriWithQueryParameter("q", string.IsNullOrWhiteSpace(text) ? null : text.Trim()), replace: true);

    private void OnRunChanged(RunRecord run) => InvokeAsync(async () =>
    {
        if (_table is null || !_loaded)
        {
            return; // the first load reads it
        }

        var index = _rows.FindIndex(r => r.Experiment.Id == run.ExperimentId);
        if (index >= 0)
        {
            if (_rows[index].With(run) is { } updated)
            {
                _rows[index] = updated;
                StateHasChanged();
            }

            return;
        }

        // A launch newer than the list belongs at the top of the first page; later pages stay put while someone reads them.
        if (_table.CurrentPage == 0 && run.ExperimentId > NewestShown && _launchesHeardOf.Add(run.ExperimentId))
        {
            await _table.ReloadServerData();
            StateHasChanged();
        }
    });

    public void Dispose() => Live.RunChanged -= OnRunChanged;
}
