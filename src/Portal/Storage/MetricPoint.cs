using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Storage;

/// <summary>One stored progress report. The id "run:attempt:sequence" makes a resent report a no-op.</summary>
public sealed class MetricPoint
{
    public string Id { get; set; } = "";

    public int RunId { get; set; }

    public int Attempt { get; set; }

    public long Sequence { get; set; }

    public DateTime Time { get; set; }

    public ProgressKind Kind { get; set; }

    public int Step { get; set; }

    public int TotalSteps { get; set; }

    public double Epoch { get; set; }

    public double? Loss { get; set; }

    public double? LearningRate { get; set; }

    public double? LearningRateA { get; set; }

    public double? LearningRateB { get; set; }

    public double? ExamplesPerSecond { get; set; }

    public ConfusionCounts? Evaluation { get; set; }

    public static string KeyOf(int runId, int attempt, long sequence) => $"{runId}:{attempt}:{sequence}";

    public static MetricPoint From(int runId, int attempt, ProgressReport report) => new()
    {
        Id = KeyOf(runId, attempt, report.Sequence),
        RunId = runId,
        Attempt = attempt,
        Sequence = report.Sequence,
        Time = report.Time.UtcDateTime,
        Kind = report.Kind,
        Step = report.Step,
        TotalSteps = report.TotalSteps,
        Epoch = report.Epoch,
        Loss = report.Loss,
        LearningRate = report.LearningRate,
        LearningRateA = report.LearningRateA,
        LearningRateB = report.LearningRateB,
        ExamplesPerSecond = report.ExamplesPerSecond,
        Evaluation = report.Evaluation,
    };
}
