using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>The one metric an experiment's bar chart shows: its name, as the table heads it, and how a row gives it.</summary>
public sealed record HeadlineMetric(string Name, Func<VariantRow, MeanAndSpread?> Read)
{
    public static HeadlineMetric Accuracy { get; } = new("Accuracy", r => r.Accuracy);

    /// <summary>
    /// Accuracy, unless every run is of one task that GLUE does not score by accuracy: then that task's official metric
    /// (MCC on CoLA, Pearson on STS-B). A mix of tasks keeps accuracy, one scale for all bars.
    /// </summary>
    public static HeadlineMetric Of(IEnumerable<RunRecord> runs)
    {
        var tasks = runs.Select(r => r.Task).Distinct().ToList();
        var task = tasks.Count == 1 ? TaskFacts.Choosable.FirstOrDefault(t => LabJson.NameOf(t) == tasks[0]) : (TaskKind?)null;
        var official = task is { } known ? TaskFacts.For(known).OfficialMetrics : [];
        return official.Count == 0 || official.Contains(TaskMetric.Accuracy) ? Accuracy : official[0] switch
        {
            TaskMetric.Mcc => new("MCC", r => r.Mcc),
            TaskMetric.F1 => new("F1", r => r.F1),
            TaskMetric.Pearson => new("Pearson", r => r.Pearson),
            TaskMetric.Spearman => new("Spearman", r => r.Spearman),
            _ => Accuracy,
        };
    }
}
