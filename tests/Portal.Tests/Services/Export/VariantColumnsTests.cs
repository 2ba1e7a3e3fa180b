using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services.Export;
using LabPortal.Portal.Services;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;

namespace LabPortal.Portal.Tests.Services.Export;

public sealed class VariantColumnsTests
{
    [Fact]
    public void A_tested_row_names_its_baseline_and_test_and_the_baseline_row_names_none()
    {
        var lora = Row("LoRA");
        var ours = Row("ours") with { VersusBaseline = new McNemarTest(7, 1) };

        var csv = CsvReader.Records(ExportTable.Of([ours, lora], VariantColumns.Against("LoRA")).ToCsv());

        Assert.Equal(("LoRA", "mcnemar-exact", "7", "1"), (csv[0]["baseline"], csv[0]["test"], csv[0]["only_this_right"], csv[0]["only_baseline_right"]));
        Assert.Equal(new McNemarTest(7, 1).PValue, double.Parse(csv[0]["baseline_p_value"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("", ""), (csv[1]["baseline"], csv[1]["test"]));
    }

    [Fact]
    public void Means_and_spreads_carry_no_floating_point_noise()
    {
        var spread = MeanAndSpread.Of([0.7, 0.7, 0.7])!;
        Assert.NotEqual(0, spread.StandardDeviation); // the noise this export must not carry
        var row = Row("LoRA") with { Accuracy = spread, MeanTrainSeconds = 12.345678 };

        var csv = CsvReader.Records(ExportTable.Of([row], VariantColumns.Against("LoRA")).ToCsv());

        Assert.Equal(("0.7", "0", "12.3"), (csv[0]["accuracy_mean"], csv[0]["accuracy_std"], csv[0]["mean_train_seconds"]));
    }

    [Fact]
    public void A_measured_row_carries_its_difference_from_the_papers_row_and_the_papers_rows_carry_none()
    {
        var ours = Row(VariantGenerator.Ours) with { Accuracy = MeanAndSpread.Of([0.811]), F1 = MeanAndSpread.Of([0.913]) };
        var sweep = Row("α 1e-3") with { Accuracy = MeanAndSpread.Of([0.9]) };
        var rows = ExperimentTable.WithReported([ours, sweep], PresetKind.PaperAblation);

        var csv = CsvReader.Records(ExportTable.Of(rows, VariantColumns.Against("LoRA")).ToCsv());

        Assert.Equal(("-0.099", "0", ""), (csv[0]["accuracy_minus_reported"], csv[0]["f1_minus_reported"], csv[0]["mcc_minus_reported"]));
        Assert.Equal("", csv[1]["accuracy_minus_reported"]);
        Assert.All(csv.Where(r => r["reported"] == "true"), r => Assert.Equal("", r["accuracy_minus_reported"]));
    }

    private static VariantRow Row(string variant) => new(variant, 3, 3, null, null, null, 76_802, null);
}
