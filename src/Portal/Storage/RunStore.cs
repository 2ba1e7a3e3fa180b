using LiteDB;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Storage;

/// <summary>Reads runs and changes them one at a time, so concurrent transitions never interleave.</summary>
public sealed class RunStore(LabDatabase db)
{
    public RunRecord? Get(int id) => db.Runs.FindById(id);

    /// <summary>The newest runs first.</summary>
    public IReadOnlyList<RunRecord> ListRecent(int limit) =>
        db.Runs.Query().OrderByDescending(r => r.Id).Limit(limit).ToList();

    /// <summary>An experiment's runs in the order they were created (variants, then seeds).</summary>
    public IReadOnlyList<RunRecord> ListForExperiment(int experimentId) =>
        db.Runs.Query().Where(r => r.ExperimentId == experimentId).OrderBy(r => r.Id).ToList();

    /// <summary>The newest succeeded runs first (those with a trained model to try).</summary>
    public IReadOnlyList<RunRecord> ListSucceeded(int limit) =>
        db.Runs.Query().Where(r => r.State == RunState.Succeeded).OrderByDescending(r => r.Id).Limit(limit).ToList();

    /// <summary>Queued runs in the order the scheduler takes them: highest priority first, then the order they were queued.</summary>
    public IReadOnlyList<RunRecord> ListQueued() => InSchedulingOrder(InState(RunState.Queued).ToEnumerable());

    /// <summary>Runs agents hold (in scheduling order) followed by the queued ones: everything the queue page shows.</summary>
    public IReadOnlyList<RunRecord> ListUnfinished() => InSchedulingOrder(ListActive()).Concat(ListQueued()).ToList();

    /// <summary>
    /// The runs in one state, read through the State index. One query per state: LiteDB 5 cannot answer
    /// "A or B" from an index and would scan every run (on every heartbeat and progress batch).
    /// </summary>
    public ILiteQueryable<RunRecord> InState(RunState state) => db.Runs.Query().Where(r => r.State == state);

    private static List<RunRecord> InSchedulingOrder(IEnumerable<RunRecord> runs) =>
        runs.OrderByDescending(r => r.Priority).ThenBy(r => r.Id).ToList();

    /// <summary>Runs agents hold (assigned or running).</summary>
    public IReadOnlyList<RunRecord> ListActive() =>
        InState(RunState.Assigned).ToEnumerable().Concat(InState(RunState.Running).ToEnumerable()).ToList();

    /// <summary>Runs an agent holds (assigned or running), assigned first, as <see cref="ListActive"/> lists them.</summary>
    public IReadOnlyList<RunRecord> ListActiveOn(string agentId) => ActiveOn(agentId).ToEnumerable().OrderBy(r => r.State).ThenBy(r => r.Id).ToList();

    /// <summary>The runs an agent holds, read through the ActiveAgent index (the other agents' runs are not read).</summary>
    public ILiteQueryable<RunRecord> ActiveOn(string agentId) =>
        db.Runs.Query().Where(LabDatabase.ActiveAgentKey + " = @0", new BsonValue(agentId));

    public int CountInState(RunState state) => db.Runs.Count(r => r.State == state);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored run and saves it, unless the change declines (returns false).
    /// Returns the saved run, or null when the run does not exist or the change declined.
    /// </summary>
    public RunRecord? Update(int id, Func<RunRecord, bool> change)
    {
        lock (db.WriteGate)
        {
            var run = db.Runs.FindById(id);
            if (run is null || !change(run))
            {
                return null;
            }

            db.Runs.Update(run);
            db.NoteRunSaved(run);
            return run;
        }
    }
}
