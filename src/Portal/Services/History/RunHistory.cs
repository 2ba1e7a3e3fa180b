using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Storage;
using LiteDB;

namespace LabPortal.Portal.Services.History;

/// <summary>
/// The team's runs, filtered, sorted and paged in the database (by its indexes) so history stays quick with
/// thousands of runs; and the tags and notes people keep on runs.
/// </summary>
public sealed class RunHistory(LabDatabase db, RunStore runs, LiveUpdates live, TimeProvider clock)
{
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxNotesLength = 10_000;

    public HistoryResults Find(HistoryFilter filter, HistorySort sort, bool descending, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var total = Matching(filter).Count();
        var page = Sorted(filter, sort, descending).Skip(skip).Limit(take).ToList();
        return new HistoryResults(page, total);
    }

    /// <summary>Every matching run in order (for exports), read as it is enumerated.</summary>
    public IEnumerable<RunRecord> All(HistoryFilter filter, HistorySort sort, bool descending) =>
        Sorted(filter, sort, descending).ToEnumerable();

    public HistoryChoices Choices()
    {
        var facets = db.Runs.Query().Select(r => new { r.CreatedBy, r.Model, r.Tags }).ToList();
        return new HistoryChoices(
            Distinct(facets.Select(f => f.CreatedBy)),
            Distinct(facets.Select(f => f.Model)),
            Distinct(facets.SelectMany(f => f.Tags ?? [])));
    }

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

    private RunRecord? Save(RunRecord? run)
    {
        if (run is not null)
        {
            live.PublishRun(run);
        }

        return run;
    }

    private ILiteQueryable<RunRecord> Sorted(HistoryFilter filter, HistorySort sort, bool descending) =>
        Matching(filter).OrderBy(SortKey(sort), descending ? Query.Descending : Query.Ascending);

    private ILiteQueryable<RunRecord> Matching(HistoryFilter filter)
    {
        var query = db.Runs.Query();
        if (filter.State is { } state)
        {
            query = query.Where(r => r.State == state);
        }

        if (Given(filter.CreatedBy) is { } person)
        {
            query = query.Where(r => r.CreatedBy == person);
        }

        if (Given(filter.Model) is { } model)
        {
            query = query.Where(r => r.Model == model);
        }

        if (Given(filter.Task) is { } task)
        {
            query = query.Where(r => r.Task == task);
        }

        if (Given(filter.Method) is { } method)
        {
            query = query.Where(r => r.Method == method);
        }

        if (Given(filter.Tag) is { } tag)
        {
            query = query.Where("$.Tags[*] ANY = @0", tag);
        }

        if (filter.CreatedFrom is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(r => r.CreatedAt >= start);
        }

        if (filter.CreatedTo is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(r => r.CreatedAt < end);
        }

        if (Given(filter.Search) is { } text)
        {
            query = query.Where(
                "INDEXOF(LOWER($.ExperimentName), @0) >= 0 OR INDEXOF(LOWER($.Variant), @0) >= 0 OR INDEXOF(LOWER($.Notes), @0) >= 0",
                text.ToLowerInvariant());
        }

        return query;
    }

    private static BsonExpression SortKey(HistorySort sort) => sort switch
    {
        HistorySort.Experiment => "$.ExperimentName",
        HistorySort.Variant => "$.Variant",
        HistorySort.Seed => "$.Seed",
        HistorySort.State => "$.State",
        HistorySort.Model => "$.Model",
        HistorySort.Task => "$.Task",
        HistorySort.Method => "$.Method",
        HistorySort.CreatedBy => "$.CreatedBy",
        // From the stored confusion counts, as ConfusionCounts computes them.
        HistorySort.Accuracy => "DOUBLE($.Evaluation.tp + $.Evaluation.tn) / ($.Evaluation.tp + $.Evaluation.fp + $.Evaluation.tn + $.Evaluation.fn)",
        HistorySort.F1 => "DOUBLE(2 * $.Evaluation.tp) / (2 * $.Evaluation.tp + $.Evaluation.fp + $.Evaluation.fn)",
        _ => "$._id",
    };

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
}
