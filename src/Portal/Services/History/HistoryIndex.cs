using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.History;

/// <summary>
/// Every run's <see cref="HistoryRow"/> in memory, so History filters, counts and sorts 100,000 runs without reading
/// them from the file (a LiteDB count or sort over thousands of runs reads each whole document, spec included); only
/// the page's runs are then read, by id. Loaded on first use, and kept current from <see cref="LabDatabase.RunSaved"/>,
/// which speaks only of committed saves.
/// </summary>
internal sealed class HistoryIndex
{
    private readonly LabDatabase _db;
    private readonly Lock _gate = new();
    private Dictionary<int, HistoryRow>? _rows;

    public HistoryIndex(LabDatabase db)
    {
        _db = db;
        db.RunSaved += Keep;
    }

    /// <summary>The ids of one page of the matching runs, in order, and how many match on all pages.</summary>
    public (IReadOnlyList<int> Page, int Total) Find(HistoryFilter filter, HistorySort sort, bool descending, int skip, int take)
    {
        var matching = Matching(filter);
        // LINQ sorts only as far as the page reaches when Skip and Take follow OrderBy.
        var page = HistoryOrder.Sort(matching, sort, descending).Skip(skip).Take(take).Select(r => r.Id).ToList();
        return (page, matching.Count);
    }

    /// <summary>The ids of every matching run, in order.</summary>
    public IEnumerable<int> All(HistoryFilter filter, HistorySort sort, bool descending) =>
        HistoryOrder.Sort(Matching(filter), sort, descending).Select(r => r.Id);

    private List<HistoryRow> Matching(HistoryFilter filter)
    {
        var test = HistoryMatch.Of(filter);
        lock (_gate)
        {
            return Rows().Values.Where(test).ToList();
        }
    }

    public HistoryChoices Choices()
    {
        List<HistoryRow> all;
        lock (_gate)
        {
            all = [.. Rows().Values];
        }

        return new HistoryChoices(
            Distinct(all.Select(r => r.CreatedBy)),
            Distinct(all.Select(r => r.Model)),
            Distinct(all.SelectMany(r => r.Tags)));
    }

    /// <summary>
    /// Reads every run now. The portal does so at start-up: the first read of 100,000 runs takes over a second, and
    /// a save waits for it (it holds the lock its rows are kept under), which must not stall agents' reports later.
    /// </summary>
    public void Load()
    {
        lock (_gate)
        {
            Rows();
        }
    }

    private Dictionary<int, HistoryRow> Rows() =>
        _rows ??= _db.Runs.FindAll().Select(HistoryRow.Of).ToDictionary(r => r.Id);

    private void Keep(RunRecord run)
    {
        var row = HistoryRow.Of(run);
        lock (_gate)
        {
            // Not loaded yet: the load will read this save, which is committed by now.
            if (_rows is not null)
            {
                _rows[row.Id] = row;
            }
        }
    }

    private static IReadOnlyList<string> Distinct(IEnumerable<string> values) =>
        values.Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
}
