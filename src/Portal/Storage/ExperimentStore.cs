namespace LabPortal.Portal.Storage;

/// <summary>Experiments and the runs they expand into, created together.</summary>
public sealed class ExperimentStore(LabDatabase db)
{
    public ExperimentRecord? Get(int id) => db.Experiments.FindById(id);

    /// <summary>Stores the experiment and its queued runs in one transaction and returns it with the run ids.</summary>
    public ExperimentRecord Create(ExperimentRecord experiment, IReadOnlyList<RunRecord> runs) => db.InTransaction(() =>
    {
        db.Experiments.Insert(experiment);
        foreach (var run in runs)
        {
            run.ExperimentId = experiment.Id;
            run.ExperimentName = experiment.Name;
            db.Runs.Insert(run);
            experiment.RunIds.Add(run.Id);
        }

        db.Experiments.Update(experiment);
        return experiment;
    });
}
