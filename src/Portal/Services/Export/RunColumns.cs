using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.Export;

/// <summary>The columns of run exports: history's (everything a list shows) and compare's (the metrics side by side).</summary>
public static class RunColumns
{
    public static IReadOnlyList<ExportColumn<RunRecord>> Metrics { get; } =
    [
        new("accuracy", r => r.ClassEvaluation?.Accuracy),
        new("f1", r => r.ClassEvaluation?.F1),
        new("mcc", r => r.ClassEvaluation?.Mcc),
        new("precision", r => r.ClassEvaluation?.Precision),
        new("recall", r => r.ClassEvaluation?.Recall),
        new("pearson", r => r.Regression?.Pearson),
        new("spearman", r => r.Regression?.Spearman),
        new("evaluation_loss", r => r.EvaluationLoss),
        new("last_train_loss", r => r.LastLoss),
        new("trainable_parameters", r => r.TrainableParameters),
        new("train_seconds", r => r.TrainSeconds),
        new("selected_on_evaluation", r => r.SelectedOnEvaluation),
    ];

    public static IReadOnlyList<ExportColumn<RunRecord>> Compare { get; } =
    [
        new("run_id", r => r.Id),
        new("experiment", r => r.ExperimentName),
        new("variant", r => r.Variant),
        new("seed", r => r.Seed),
        new("state", r => r.State.ToString()),
        new("model", r => r.Model),
        new("method", r => r.Method),
        .. Metrics,
    ];

    public static IReadOnlyList<ExportColumn<RunRecord>> History { get; } =
    [
        new("run_id", r => r.Id),
        new("experiment_id", r => r.ExperimentId),
        new("experiment", r => r.ExperimentName),
        new("variant", r => r.Variant),
        new("seed", r => r.Seed),
        new("state", r => r.State.ToString()),
        new("model", r => r.Model),
        new("task", r => r.Task),
        new("method", r => r.Method),
        new("created_by", r => r.CreatedBy),
        new("created_at", r => r.CreatedAt),
        new("started_at", r => r.StartedAt),
        new("finished_at", r => r.FinishedAt),
        new("agent", r => r.AgentId),
        new("step", r => r.Step),
        new("total_steps", r => r.TotalSteps),
        .. Metrics,
        new("failure_reason", r => r.FailureReason),
        new("tags", r => string.Join(';', r.Tags)),
        new("notes", r => r.Notes),
    ];
}
