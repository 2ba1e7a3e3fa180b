using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.Export;

/// <summary>The columns of a run's metric history: one row per progress report, training and evaluation alike.</summary>
public static class PointColumns
{
    public static IReadOnlyList<ExportColumn<MetricPoint>> All { get; } =
    [
        new("run_id", p => p.RunId),
        new("attempt", p => p.Attempt),
        new("sequence", p => p.Sequence),
        new("time", p => p.Time.UtcDateTime),
        new("kind", p => p.Kind.ToString()),
        new("step", p => p.Step),
        new("total_steps", p => p.TotalSteps),
        new("epoch", p => p.Epoch),
        new("loss", p => p.Loss),
        new("learning_rate", p => p.LearningRate),
        new("learning_rate_a", p => p.LearningRateA),
        new("learning_rate_b", p => p.LearningRateB),
        new("examples_per_second", p => p.ExamplesPerSecond),
        new("accuracy", p => p.Evaluation?.Accuracy),
        new("f1", p => p.Evaluation?.F1),
        new("mcc", p => p.Evaluation?.Mcc),
        new("precision", p => p.Evaluation?.Precision),
        new("recall", p => p.Evaluation?.Recall),
        new("tp", p => p.Evaluation?.TruePositives),
        new("fp", p => p.Evaluation?.FalsePositives),
        new("tn", p => p.Evaluation?.TrueNegatives),
        new("fn", p => p.Evaluation?.FalseNegatives),
        new("smatch_accuracy", p => p.Matching?.Accuracy),
        new("smatch_f1", p => p.Matching?.F1),
        new("smatch_mcc", p => p.Matching?.Mcc),
    ];
}
