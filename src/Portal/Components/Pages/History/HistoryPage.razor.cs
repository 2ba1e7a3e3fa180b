using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Components.Shared;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LabPortal.Portal.Components.Pages.History;

/// <summary>
/// Every run of the team, filtered and sorted in the database a page at a time. Live: a run that is new, or whose
/// state, tags or notes changed, reloads the page shown; progress of runs on it just updates their rows.
/// </summary>
public partial class HistoryPage
{
    private readonly HashSet<int> _selected = [];
    private readonly Dictionary<int, string> _shownAs = [];
    private MudTable<RunRecord> _table = default!;
    private HistoryFilter _filter = new();
    private HistoryChoices _choices = new([], [], []);
    private List<RunRecord> _page = [];
    private HistorySort _sort = HistorySort.Created;
    private bool _descending = true;
    private int _total;
    private bool _anyRuns;
    private bool _loaded;
    private int? _editing;
    private string? _queryError;
    private readonly Dictionary<int, ExperimentSpec> _specs = [];
    private readonly HashSet<string> _columns = [.. HyperparameterColumns.Default];

    [Inject] private RunHistory History { get; set; } = default!;

    [Inject] private LiveUpdates Live { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private HistoryQuery Query => new(_filter, _sort, _descending);

    private string CompareHref => $"/compare?runs={string.Join(',', _selected.Order())}";

    protected override void OnInitialized()
    {
        // A shared link carries its filter: /history?state=Failed&person=ana.
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query);
        if (HistoryQuery.Parse(query, out var error) is { } parsed)
        {
            _filter = parsed.Filter;
        }
        else
        {
            _queryError = error;
        }

        // ...and its columns: /history?columns=rank,batch-size (unknown names are skipped; "columns=" shows none).
        if (query.TryGetValue(ColumnsParameter, out var columns))
        {
            _columns.Clear();
            _columns.UnionWith(columns.ToString().Split(',', StringSplitOptions.TrimEntries).Where(key => HyperparameterColumns.All.Any(c => c.Key == key)));
        }

        _choices = History.Choices();
        Live.RunChanged += OnRunChanged;
    }

    private Task<TableData<RunRecord>> Load(TableState state, CancellationToken cancellation)
    {
        _sort = Enum.TryParse<HistorySort>(state.SortLabel, out var sort) ? sort : HistorySort.Created;
        _descending = state.SortDirection != SortDirection.Ascending;
        var page = History.Find(_filter, _sort, _descending, state.Page * state.PageSize, state.PageSize);
        _page = [.. page.Runs];
        _total = page.Total;
        KeepLinkInStep();
        _loaded = true;
        _anyRuns = _total > 0 || _choices.People.Count + _choices.Models.Count > 0;
        foreach (var run in _page)
        {
            _shownAs[run.Id] = Signature(run);
            // Read once per run shown: hyperparameter columns come from the spec, which never changes.
            if (!_specs.ContainsKey(run.Id))
            {
                _specs[run.Id] = LabJson.Deserialize<ExperimentSpec>(run.SpecJson);
            }
        }

        return Task.FromResult(new TableData<RunRecord> { Items = _page, TotalItems = page.Total });
    }

    /// <summary>The address follows the filters and sort (replacing, not adding, a history entry), so it can be shared.</summary>
    private void KeepLinkInStep()
    {
        var link = "history" + Query.ToQueryString() + ColumnsInLink();
        if (_queryError is null && Navigation.ToBaseRelativePath(Navigation.Uri) != link)
        {
            Navigation.NavigateTo(link, new NavigationOptions { ReplaceHistoryEntry = true });
        }
    }

    private async Task Change(HistoryFilter filter)
    {
        _filter = filter;
        _queryError = null; // a filter chosen here replaces the link's ignored one
        _editing = null;
        _table.NavigateTo(0);
        await _table.ReloadServerData();
    }

    private void Select(int runId, bool selected)
    {
        if (selected)
        {
            _selected.Add(runId);
        }
        else
        {
            _selected.Remove(runId);
        }
    }

    private IEnumerable<HyperparameterColumn> ShownColumns => HyperparameterColumns.All.Where(c => _columns.Contains(c.Key));

    private const string ColumnsParameter = "columns";

    private void ToggleColumn(string key)
    {
        if (!_columns.Remove(key))
        {
            _columns.Add(key);
        }

        KeepLinkInStep();
    }

    /// <summary>The chosen columns as the address keeps them, nothing when they are the default ones.</summary>
    private string ColumnsInLink()
    {
        if (_columns.SetEquals(HyperparameterColumns.Default))
        {
            return "";
        }

        var parameter = $"{ColumnsParameter}={string.Join(',', ShownColumns.Select(c => c.Key))}";
        return Query.ToQueryString().Length == 0 ? "?" + parameter : "&" + parameter;
    }

    private void ToggleEditor(int runId) => _editing = _editing == runId ? null : runId;

    // Edits made here arrive this way too: the editor saves through RunHistory, which announces the run.
    private void OnRunChanged(RunRecord run) => InvokeAsync(async () =>
    {
        var index = _page.FindIndex(r => r.Id == run.Id);
        var known = _shownAs.TryGetValue(run.Id, out var shown);
        if (known && shown == Signature(run))
        {
            if (index >= 0)
            {
                _page[index] = run;
                StateHasChanged();
            }

            return;
        }

        // Filter lists change only with new runs and tags (reading them scans every run).
        if (!known || shown!.Split('|')[1] != string.Join(';', run.Tags))
        {
            _choices = History.Choices();
        }

        _shownAs[run.Id] = Signature(run);
        await Reload();
    });

    private async Task Reload()
    {
        await _table.ReloadServerData();
        StateHasChanged();
    }

    /// <summary>What can move a run into or out of a filter (progress cannot).</summary>
    private static string Signature(RunRecord run) => $"{run.State}|{string.Join(';', run.Tags)}|{run.Notes}";

    // The date pickers show ISO dates (yyyy-MM-dd) whatever the browser's locale; a native date input would not.
    private static DateTime? AsDate(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? AsDay(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    public void Dispose() => Live.RunChanged -= OnRunChanged;
}
