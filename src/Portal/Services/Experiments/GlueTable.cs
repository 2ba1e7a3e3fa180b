using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>One task's cell: its score (the mean of its official metrics) as mean ± std over the succeeded seeds.</summary>
public sealed record GlueCell(TaskKind Task, MeanAndSpread? Score, int Finished, int Total);

/// <summary>
/// One method's row: a cell per GLUE task and the GLUE average over the tasks' mean scores, as the leaderboard averages;
/// <see cref="Complete"/> is false while a task has no score yet (the average then covers the tasks that have one).
/// </summary>
public sealed record GlueRow(string Method, IReadOnlyList<GlueCell> Cells, double? Average, bool Complete);

/// <summary>The GLUE suite's table: methods as rows, the eight tasks as columns (GLUE's order), the average last.</summary>
public static class GlueTable
{
    public static IReadOnlyList<GlueRow> Of(IReadOnlyList<RunRecord> runs) =>
        VariantGenerator.GlueMethods.Select(method => Row(method, runs.Where(r => r.Method == LabJson.NameOf(method)).ToList())).ToList();

    /// <summary>A run's task score: the mean of the task's official metrics; null until the run has them.</summary>
    public static double? TaskScore(RunRecord run, TaskFacts task)
    {
        var values = task.OfficialMetrics.Select(metric => metric switch
        {
            TaskMetric.Accuracy => run.ClassEvaluation?.Accuracy,
            TaskMetric.F1 => run.ClassEvaluation?.F1,
            TaskMetric.Mcc => run.ClassEvaluation?.Mcc,
            TaskMetric.Pearson => run.Regression?.Pearson,
            TaskMetric.Spearman => run.Regression?.Spearman,
            _ => null,
        }).ToList();
        return values.All(v => v is not null) ? GlueScore.TaskScore(values.Select(v => v!.Value).ToList()) : null;
    }

    private static GlueRow Row(MethodKind method, IReadOnlyList<RunRecord> runs)
    {
        var cells = TaskFacts.Glue.Select(task =>
        {
            var ofTask = runs.Where(r => r.Task == LabJson.NameOf(task)).ToList();
            var scores = ofTask.Where(r => r.State == RunState.Succeeded).Select(r => TaskScore(r, TaskFacts.For(task))).OfType<double>().ToList();
            return new GlueCell(task, MeanAndSpread.Of(scores), scores.Count, ofTask.Count);
        }).ToList();
        var means = cells.Select(c => c.Score?.Mean).OfType<double>().ToList();
        return new GlueRow(VariantGenerator.GlueRow(method), cells, means.Count == 0 ? null : GlueScore.Average(means), means.Count == cells.Count);
    }
}
