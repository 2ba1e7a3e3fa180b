using LabPortal.Portal.Services.Experiments;

namespace LabPortal.Portal.Services.Export;

/// <summary>
/// The columns of an experiment's table: each variant's metrics over its seeds, and its test against the baseline,
/// naming the baseline and the test. Means and spreads are rounded to six decimals (a spread of equal values is 0, not
/// 6.8E-17); p-values keep every digit, as small ones matter.
/// </summary>
public static class VariantColumns
{
    public const string Test = "mcnemar-exact";

    public static IReadOnlyList<ExportColumn<VariantRow>> Against(string? baseline) =>
    [
        new("variant", r => r.Variant),
        new("reported", r => r.Reported),
        new("seeds_done", r => r.Reported ? null : r.Finished),
        new("seeds_total", r => r.Reported ? null : r.Total),
        new("accuracy_mean", r => Rounded(r.Accuracy?.Mean)),
        new("accuracy_std", r => Rounded(r.Accuracy?.StandardDeviation)),
        new("f1_mean", r => Rounded(r.F1?.Mean)),
        new("f1_std", r => Rounded(r.F1?.StandardDeviation)),
        new("mcc_mean", r => Rounded(r.Mcc?.Mean)),
        new("mcc_std", r => Rounded(r.Mcc?.StandardDeviation)),
        new("pearson_mean", r => Rounded(r.Pearson?.Mean)),
        new("pearson_std", r => Rounded(r.Pearson?.StandardDeviation)),
        new("spearman_mean", r => Rounded(r.Spearman?.Mean)),
        new("spearman_std", r => Rounded(r.Spearman?.StandardDeviation)),
        new("accuracy_minus_reported", r => Rounded(r.MinusReported?.Accuracy)),
        new("f1_minus_reported", r => Rounded(r.MinusReported?.F1)),
        new("mcc_minus_reported", r => Rounded(r.MinusReported?.Mcc)),
        new("trainable_parameters", r => r.TrainableParameters),
        new("mean_train_seconds", r => r.MeanTrainSeconds is { } seconds ? Math.Round(seconds, 1) : null),
        new("baseline", r => r.VersusBaseline is null ? null : baseline),
        new("test", r => r.VersusBaseline is null ? null : Test),
        new("baseline_p_value", r => r.VersusBaseline?.PValue),
        new("only_this_right", r => r.VersusBaseline?.OnlyFirstRight),
        new("only_baseline_right", r => r.VersusBaseline?.OnlySecondRight),
        new("selected_on_evaluation", r => r.SelectedOnEvaluation),
    ];

    /// <summary>Six decimals: a spread of equal values is 0, not 6.8E-17.</summary>
    internal static double? Rounded(double? value) => value is { } v ? Math.Round(v, 6) : null;
}
