using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

public sealed class GlueTableTests
{
    [Fact]
    public void Each_cell_is_the_tasks_official_score_and_the_average_is_the_mean_over_tasks()
    {
        // MRPC scores (F1 + accuracy) / 2, STS-B (Pearson + Spearman) / 2, CoLA its MCC.
        var mrpc = new ConfusionCounts(60, 20, 10, 10);   // accuracy 0.7, F1 120 / 150 = 0.8
        RunRecord[] runs =
        [
            Run("lora", "mrpc", mrpc),
            Run("lora", "stsb", ConfusionCounts.Empty, new RegressionScores(0.8, 0.6, 0.5, 100)),
            Run("lora", "cola", new ConfusionCounts(40, 10, 40, 10)), // MCC 0.6
            Run("lora", "cola", new ConfusionCounts(45, 5, 45, 5)),   // MCC 0.8
        ];

        var lora = GlueTable.Of(runs).Single(r => r.Method == "LoRA");

        Assert.Equal(0.75, Cell(lora, "mrpc").Score!.Mean, 12);
        Assert.Equal(0.7, Cell(lora, "stsb").Score!.Mean, 12);
        Assert.Equal(0.7, Cell(lora, "cola").Score!.Mean, 12);
        Assert.Equal(2, Cell(lora, "cola").Finished);
        Assert.Equal((0.75 + 0.7 + 0.7) / 3, lora.Average!.Value, 12);
        Assert.False(lora.Complete); // five tasks have no score yet
    }

    [Fact]
    public void A_method_without_runs_has_an_empty_row_and_no_average()
    {
        var head = GlueTable.Of([Run("lora", "rte", new ConfusionCounts(1, 1, 1, 1))]).Single(r => r.Method == "head-only");

        Assert.Null(head.Average);
        Assert.All(head.Cells, c => Assert.Null(c.Score));
    }

    private static GlueCell Cell(GlueRow row, string task) => row.Cells.Single(c => LabPortal.Shared.LabJson.NameOf(c.Task) == task);

    private static RunRecord Run(string method, string task, ConfusionCounts evaluation, RegressionScores? regression = null) => new()
    {
        Method = method, Task = task, State = RunState.Succeeded, Evaluation = evaluation, Regression = regression,
    };
}
