using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class ClassConfusionTests
{
    // Labels 0,0,0,0,1,1,1,2,2,2 and predictions 0,0,1,2,1,1,0,2,2,1: rows [2,1,1] [1,2,0] [0,1,2].
    private static readonly int[] Actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    private static readonly int[] Predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];

    [Fact]
    public void A_three_class_matrix_gives_accuracy_macro_f1_and_the_multi_class_mcc_computed_by_hand()
    {
        var matrix = ClassConfusion.From(Predicted, Actual, classCount: 3);

        Assert.Equal([[2L, 1, 1], [1, 2, 0], [0, 1, 2]], matrix.Rows);
        Assert.Equal(0.6, matrix.Accuracy, 12);                       // 6 of 10 on the diagonal
        Assert.Equal((4.0 / 7 + 4.0 / 7 + 4.0 / 6) / 3, matrix.MacroF1, 12); // 2·2/(4+3), 2·2/(3+4), 2·2/(3+3)
        Assert.Equal(27.0 / 66, matrix.Mcc, 12);                      // (6·10 − 33) / √(66·66)
    }

    [Fact]
    public void With_two_classes_the_multi_class_mcc_is_the_binary_one()
    {
        int[] actual = [0, 0, 1, 1, 1, 0, 1];
        int[] predicted = [0, 1, 1, 1, 0, 0, 1];

        var matrix = ClassConfusion.From(predicted, actual, classCount: 2);
        var binary = ConfusionCounts.From(predicted.Select(p => p == 1).ToList(), actual.Select(a => a == 1).ToList());

        Assert.Equal(binary.Mcc, matrix.Mcc, 12);
        Assert.Equal(binary.Accuracy, matrix.Accuracy, 12);
    }

    [Fact]
    public void Predicting_one_class_for_everything_gives_an_mcc_of_0_not_nan()
    {
        var matrix = ClassConfusion.From([1, 1, 1, 1], [0, 1, 2, 1], classCount: 3);

        Assert.Equal(0, matrix.Mcc);
        Assert.Equal(0.5, matrix.Accuracy);
    }

    [Fact]
    public void A_class_neither_true_nor_predicted_is_left_out_of_the_macro_f1_as_scikit_learn_does()
    {
        var matrix = ClassConfusion.From([0, 1, 1], [0, 1, 1], classCount: 3);

        Assert.Equal(1.0, matrix.MacroF1);
    }

    [Fact]
    public void A_label_outside_the_classes_is_refused_naming_the_example()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassConfusion.From([0, 1], [0, 3], classCount: 3));

        Assert.Contains("Example 1 has label 3", error.Message);
    }

    [Fact]
    public void Confusion_counts_carrying_a_k_class_matrix_report_its_metrics_and_survive_json()
    {
        var counts = ConfusionCounts.Of(ClassConfusion.From(Predicted, Actual, classCount: 3));

        var back = LabJson.Deserialize<ConfusionCounts>(LabJson.Serialize(counts));

        Assert.Equal((10L, 0.6), (back.Total, back.Accuracy));
        Assert.Equal(27.0 / 66, back.Mcc, 12);
        Assert.Equal(counts.Classes!.Rows, back.Classes!.Rows);
    }
}
