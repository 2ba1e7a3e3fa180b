using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

/// <summary>An experiment's table reads what each task is scored by: classes give accuracy, STS-B Pearson and Spearman.</summary>
public sealed class ExperimentTableTaskTests
{
    [Fact]
    public void Regression_runs_fill_pearson_and_spearman_and_leave_the_class_metrics_empty()
    {
        RunRecord[] runs =
        [
            Succeeded("LoRA", ConfusionCounts.Empty, new RegressionScores(0.80, 0.78, 0.6, 345)),
            Succeeded("LoRA", ConfusionCounts.Empty, new RegressionScores(0.84, 0.80, 0.5, 345)),
        ];

        var row = Assert.Single(ExperimentTable.Measured(runs));

        Assert.Equal(2, row.Finished);
        Assert.Equal(0.82, row.Pearson!.Mean, 12);
        Assert.Equal(0.79, row.Spearman!.Mean, 12);
        Assert.Null(row.Accuracy);
        Assert.All(runs, r => Assert.Null(r.ClassEvaluation)); // lists show no accuracy of 0 for them
    }

    [Fact]
    public void Three_class_runs_report_the_accuracy_of_their_matrix()
    {
        var mnli = ConfusionCounts.Of(new ClassConfusion { Rows = [[8, 1, 1], [1, 8, 1], [0, 2, 8]] });

        var row = Assert.Single(ExperimentTable.Measured([Succeeded("LoRA", mnli, null)]));

        Assert.Equal(24.0 / 30, row.Accuracy!.Mean, 12);
        Assert.Null(row.Pearson);
    }

    private static RunRecord Succeeded(string variant, ConfusionCounts evaluation, RegressionScores? regression) => new()
    {
        Variant = variant,
        State = RunState.Succeeded,
        Evaluation = evaluation,
        Regression = regression,
    };
}
