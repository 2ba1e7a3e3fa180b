using LiteDB;

namespace LabPortal.Portal.Storage;

/// <summary>Experiments and the runs they expand into, created together.</summary>
public sealed class ExperimentStore(LabDatabase db)
{
    public ExperimentRecord? Get(int id) => db.Experiments.FindById(id);

    /// <summary>
    /// One page of the experiments whose name or creator contains <paramref name="text"/> (any case; all when empty),
    /// newest first, and how many match in all. Experiments are few beside runs (one per launch), so the text is matched
    /// by a scan; the page is read in id order from the primary index.
    /// </summary>
    public (IReadOnlyList<ExperimentRecord> Page, int Total) FindNewest(string? text, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var total = Matching(text).Count();
        var page = Matching(text).OrderByDescending(e => e.Id).Skip(skip).Limit(take).ToList();
        return (page, total);
    }

    // A fresh query each time: LiteDB's queryable changes as it is used.
    private ILiteQueryable<ExperimentRecord> Matching(string? text) => string.IsNullOrWhiteSpace(text)
        ? db.Experiments.Query()
        : db.Experiments.Query().Where(
            "INDEXOF(LOWER($.Name), @0) >= 0 OR INDEXOF(LOWER($.CreatedBy), @0) >= 0", text.Trim().ToLowerInvariant());

    /// <summary>Stores the experiment and its queued runs in one transaction and returns it with the run ids.</summary>
    public ExperimentRecord Create(ExperimentRecord experiment, IReadOnlyList<RunRecord> runs) => db.InTransaction(() =>
    {
        db.Experiments.Insert(experiment);
        foreach (var run in runs)
        {
            run.ExperimentId = experiment.Id;
            run.ExperimentName = experiment.Name;
            db.Runs.Insert(run);
            db.NoteRunSaved(run);
            experiment.RunIds.Add(run.Id);
        }

        db.Experiments.Update(experiment);
        return experiment;
    });
}
