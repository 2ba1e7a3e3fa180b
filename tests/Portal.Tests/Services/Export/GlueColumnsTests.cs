using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services.Export;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services.Export;

public sealed class GlueColumnsTests
{
    [Fact]
    public void The_glue_csv_has_a_row_per_method_each_tasks_mean_std_and_seeds_and_the_average()
    {
        RunRecord[] runs =
        [
            new() { Method = "full", Task = "sst2", State = RunState.Succeeded, Evaluation = new ConfusionCounts(45, 5, 45, 5) },
            new() { Method = "full", Task = "sst2", State = RunState.Succeeded, Evaluation = new ConfusionCounts(40, 10, 40, 10) },
        ];

        var csv = CsvReader.Records(ExportTable.Of(GlueTable.Of(runs), GlueColumns.All).ToCsv());

        Assert.Equal(["head-only", "LoRA", "enhanced LoRA", "full fine-tuning"], csv.Select(r => r["method"]));
        var full = csv[3];
        Assert.Equal(("0.85", "0.070711", "2", "0.85", "false"), (full["sst2_mean"], full["sst2_std"], full["sst2_seeds_done"], full["glue_average"], full["all_tasks_scored"]));
        Assert.Equal("", full["cola_mean"]);
    }
}
