using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.History;

/// <summary>
/// The team's runs, filtered, sorted and counted in memory (<see cref="HistoryIndex"/>) so history stays quick with
/// 100,000 runs, then read from the file a page at a time; and the tags and notes people keep on runs.
/// </summary>
public sealed class RunHistory(LabDatabase db, RunStore runs, LiveUpdates live, TimeProvider clock)
{
    private readonly HistoryIndex _index = new(db);

    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxNotesLength = 10_000;

    public HistoryResults Find(HistoryFilter filter, HistorySort sort, bool descending, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var (page, total) = _index.Find(filter, sort, descending, skip, take);
        return new HistoryResults(Read(page).ToList(), total);
    }

    /// <summary>Every matching run in order (for exports), read as it is enumerated.</summary>
    public IEnumerable<RunRecord> All(HistoryFilter filter, HistorySort sort, bool descending) =>
        Read(_index.All(filter, sort, descending));

    public HistoryChoices Choices() => _index.Choices();

    /// <summary>Reads every run's history facets now (at start-up), so no query or save waits for that later.</summary>
    public void LoadIndex() => _index.Load();

    /// <summary>Replaces the run's tags (trimmed, repeats dropped); null when the run does not exist.</summary>
    /// <exception cref="ArgumentException">A tag is empty or too long, or there are too many.</exception>
    public RunRecord? SetTags(int runId, IEnumerable<string> tags)
    {
        var clean = RunTags.Normalise(tags);
        return Save(runs.Update(runId, run =>
        {
            run.Tags = clean;
            return true;
        }));
    }

    /// <summary>Replaces the run's notes and records who edited them and when; null when the run does not exist.</summary>
    /// <exception cref="ArgumentException">The notes are longer than <see cref="MaxNotesLength"/>.</exception>
    public RunRecord? SetNotes(int runId, string notes, string editedBy)
    {
        if (notes.Length > MaxNotesLength)
        {
            throw new ArgumentException($"Notes can be at most {MaxNotesLength:N0} characters; these have {notes.Length:N0}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return Save(runs.Update(runId, run =>
        {
            run.Notes = notes;
            run.NotesEditedBy = editedBy;
            run.NotesEditedAt = now;
            return true;
        }));
    }

    /// <summary>Fills model, task and method on runs stored before history kept them; returns how many.</summary>
    public int CopyMissingFacets()
    {
        var missing = db.Runs.Find("$.Model = null OR $.Model = ''").Select(r => r.Id).ToList();
        foreach (var id in missing)
        {
            runs.Update(id, run =>
            {
                RunFacets.CopyFromSpec(run);
                return run.Model.Length > 0;
            });
        }

        return missing.Count;
    }

    // Runs are never deleted; OfType only guards against an id whose run is gone.
    private IEnumerable<RunRecord> Read(IEnumerable<int> ids) => ids.Select(runs.Get).OfType<RunRecord>();

    private RunRecord? Save(RunRecord? run)
    {
        if (run is not null)
        {
            live.PublishRun(run);
        }

        return run;
    }

}
