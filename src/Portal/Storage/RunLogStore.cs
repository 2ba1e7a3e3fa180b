namespace LabPortal.Portal.Storage;

/// <summary>Keeps the last <see cref="MaxLines"/> lines of each run's log; older lines drop off as new ones come.</summary>
public sealed class RunLogStore(LabDatabase db)
{
    public const int MaxLines = 500;

    private readonly Lock _gate = new();

    /// <summary>Adds lines of an attempt and returns them as stored (only the newest if more came than are kept).</summary>
    public IReadOnlyList<RunLogLine> Append(int runId, int attempt, IEnumerable<string> lines)
    {
        var fresh = lines.Select(text => new RunLogLine { Attempt = attempt, Text = text }).TakeLast(MaxLines).ToList();
        if (fresh.Count == 0)
        {
            return fresh;
        }

        lock (_gate)
        {
            var log = db.RunLogs.FindById(runId) ?? new RunLogRecord { Id = runId };
            log.Lines.AddRange(fresh);
            if (log.Lines.Count > MaxLines)
            {
                log.Lines.RemoveRange(0, log.Lines.Count - MaxLines);
            }

            db.RunLogs.Upsert(log);
        }

        return fresh;
    }

    /// <summary>The kept lines of a run, oldest first (empty for a run that printed nothing).</summary>
    public IReadOnlyList<RunLogLine> Tail(int runId) => db.RunLogs.FindById(runId)?.Lines ?? [];
}
