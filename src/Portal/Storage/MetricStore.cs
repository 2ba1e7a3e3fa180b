using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Storage;

/// <summary>A run's history of progress reports, each stored exactly once.</summary>
public sealed class MetricStore(LabDatabase db)
{
    private readonly Lock _gate = new();

    /// <summary>Stores the reports not stored before (by run, attempt and sequence) and returns those.</summary>
    public IReadOnlyList<MetricPoint> Append(int runId, int attempt, IEnumerable<ProgressReport> reports)
    {
        lock (_gate)
        {
            var fresh = reports
                .DistinctBy(r => r.Sequence)
                .Select(r => MetricPoint.From(runId, attempt, r))
                .Where(p => db.Points.FindById(p.Id) is null)
                .ToList();
            if (fresh.Count > 0)
            {
                db.InTransaction(() => db.Points.InsertBulk(fresh));
            }

            return fresh;
        }
    }

    /// <summary>All of a run's points in the order they were reported.</summary>
    public IReadOnlyList<MetricPoint> ListForRun(int runId) =>
        db.Points.Find(p => p.RunId == runId).OrderBy(p => p.Attempt).ThenBy(p => p.Sequence).ToList();
}
