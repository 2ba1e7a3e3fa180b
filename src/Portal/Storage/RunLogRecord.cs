namespace LabPortal.Portal.Storage;

/// <summary>The newest lines of a run's log (all attempts), keyed by the run id.</summary>
public sealed class RunLogRecord
{
    public int Id { get; set; }

    public List<RunLogLine> Lines { get; set; } = [];
}
