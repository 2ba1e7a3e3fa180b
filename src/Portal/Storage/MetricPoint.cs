using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Storage;

/// <summary>
/// One stored progress report: the report as the agent sent it, keyed by run and attempt. The id
/// "run:attempt:sequence" makes a resent report a no-op.
/// </summary>
public sealed record MetricPoint : ProgressReport
{
    public MetricPoint()
    {
    }

    private MetricPoint(ProgressReport report) : base(report)
    {
    }

    public string Id { get; init; } = "";

    public int RunId { get; init; }

    public int Attempt { get; init; }

    public static string KeyOf(int runId, int attempt, long sequence) => $"{runId}:{attempt}:{sequence}";

    public static MetricPoint From(int runId, int attempt, ProgressReport report) => new(report)
    {
        Id = KeyOf(runId, attempt, report.Sequence),
        RunId = runId,
        Attempt = attempt,
    };
}
