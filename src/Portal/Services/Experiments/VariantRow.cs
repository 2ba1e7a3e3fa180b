using LabPortal.Shared.Metrics;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>One row of an experiment's table: a variant's runs summarised over their seeds.</summary>
/// <param name="Reported">True for numbers quoted from the paper, never measured here.</param>
/// <param name="VersusBaseline">McNemar's test of this row's decisions against the baseline row's, pooled over shared seeds.</param>
/// <param name="Bootstrap">The paired bootstrap of this row's metrics minus the baseline row's, pooled over shared seeds.</param>
/// <param name="SelectedOnEvaluation">Some run of the row chose its checkpoint on the validation file it reports.</param>
public sealed record VariantRow(
    string Variant, int Finished, int Total, MeanAndSpread? Accuracy, MeanAndSpread? F1, MeanAndSpread? Mcc,
    long? TrainableParameters, double? MeanTrainSeconds, bool Reported = false, McNemarTest? VersusBaseline = null,
    PairedBootstrap? Bootstrap = null, bool SelectedOnEvaluation = false)
{
    /// <summary>A regression task's (STS-B) Pearson over the seeds; its class metrics are then empty.</summary>
    public MeanAndSpread? Pearson { get; init; }

    public MeanAndSpread? Spearman { get; init; }

    /// <summary>A row of a k-class task's (MNLI) paired bootstrap of accuracy, macro-F1 and MCC against the baseline row's.</summary>
    public ClassBootstrap? ClassBootstrap { get; init; }

    /// <summary>A regression row's paired bootstrap of Pearson and Spearman against the baseline row's.</summary>
    public RegressionBootstrap? ScoreBootstrap { get; init; }

    /// <summary>A measured row's means minus the paper's row of the same variant; null when the paper has no such row.</summary>
    public ReportedDifference? MinusReported { get; init; }
}
