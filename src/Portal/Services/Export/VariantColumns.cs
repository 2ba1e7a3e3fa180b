namespace LabPortal.Portal.Services.Export;

/// <summary>The columns of an experiment's table: each variant's metrics over its seeds, and its test against the baseline.</summary>
public static class VariantColumns
{
    public static IReadOnlyList<ExportColumn<VariantRow>> All { get; } =
    [
        new("variant", r => r.Variant),
        new("reported", r => r.Reported),
        new("seeds_done", r => r.Reported ? null : r.Finished),
        new("seeds_total", r => r.Reported ? null : r.Total),
        new("accuracy_mean", r => r.Accuracy?.Mean),
        new("accuracy_std", r => r.Accuracy?.StandardDeviation),
        new("f1_mean", r => r.F1?.Mean),
        new("f1_std", r => r.F1?.StandardDeviation),
        new("mcc_mean", r => r.Mcc?.Mean),
        new("mcc_std", r => r.Mcc?.StandardDeviation),
        new("trainable_parameters", r => r.TrainableParameters),
        new("mean_train_seconds", r => r.MeanTrainSeconds),
        new("baseline_p_value", r => r.VersusBaseline?.PValue),
        new("only_this_right", r => r.VersusBaseline?.OnlyFirstRight),
        new("only_baseline_right", r => r.VersusBaseline?.OnlySecondRight),
        new("selected_on_evaluation", r => r.SelectedOnEvaluation),
    ];
}
