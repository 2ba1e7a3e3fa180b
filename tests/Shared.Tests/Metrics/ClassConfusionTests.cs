using System.Text.Json;
using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class ClassConfusionTests
{
    private const double Tolerance = 1e-12;

    // Rows are the true class, columns the predicted one.
    private static readonly long[][] ThreeClasses = [[5, 1, 0], [2, 3, 1], [0, 2, 6]];

    [Fact]
    public void Metrics_match_a_hand_computed_three_class_matrix()
    {
        // Total 20, diagonal 5 + 3 + 6 = 14 → accuracy 0.7.
        // Row sums t = 6 6 8, column sums p = 7 6 7.
        // F1 per class = 2·TP / (t + p): 10/13, 6/12 = 1/2, 12/15 = 4/5 → macro (10/13 + 1/2 + 4/5) / 3.
        // MCC = (c·s − Σp·t) / √((s² − Σp²)(s² − Σt²)) = (14·20 − (42 + 36 + 56)) / √((400 − 134)(400 − 136))
        //     = 146 / √(266·264).
        // scikit-learn: matthews_corrcoef 0.5509473189696001, f1_score(average='macro') 0.6897435897435896.
        var matrix = new ClassConfusion(ThreeClasses);

        Assert.Equal(3, matrix.ClassCount);
        Assert.Equal(20, matrix.Total);
        Assert.Equal(0.7, matrix.Accuracy, Tolerance);
        Assert.Equal(((10.0 / 13) + 0.5 + 0.8) / 3, matrix.MacroF1, Tolerance);
        Assert.Equal(146 / Math.Sqrt(266 * 264), matrix.Mcc, Tolerance);
        Assert.Equal(0.5509473189696001, matrix.Mcc, Tolerance);
        Assert.Equal(0.6897435897435896, matrix.MacroF1, Tolerance);
    }

    [Fact]
    public void From_counts_each_prediction_in_its_true_row()
    {
        // (actual, predicted): (0,0) (1,2) (2,2) (1,2) (0,1) → [0,0]=1, [0,1]=1, [1,2]=2, [2,2]=1.
        var matrix = ClassConfusion.From(predicted: [0, 2, 2, 2, 1], actual: [0, 1, 2, 1, 0], classCount: 3);

        Assert.Equal(new ClassConfusion([[1, 1, 0], [0, 0, 2], [0, 0, 1]]), matrix);
        Assert.Equal(2, matrix[1, 2]);
        Assert.Equal(0, matrix[2, 1]);
    }

    [Fact]
    public void Two_classes_agree_with_the_binary_confusion_counts()
    {
        // Class 1 is the positive class: row 0 holds TN, FP and row 1 FN, TP.
        (long Tp, long Fp, long Tn, long Fn)[] cases =
            [(40, 10, 35, 15), (2, 1, 2, 2), (0, 3, 0, 7), (7, 0, 3, 0), (0, 3, 7, 0), (6, 0, 0, 4), (0, 0, 8, 2), (1, 1_000_000, 999_999, 0)];
        foreach (var (tp, fp, tn, fn) in cases)
        {
            var binary = new ConfusionCounts(tp, fp, tn, fn);
            var matrix = new ClassConfusion([[tn, fp], [fn, tp]]);

            Assert.Equal(binary.Accuracy, matrix.Accuracy, Tolerance);
            Assert.Equal(binary.Mcc, matrix.Mcc, Tolerance);
        }

        bool[] predicted = [true, true, false, false, true, false, false, true];
        bool[] actual = [true, false, false, true, true, false, true, true];
        var fromBools = ConfusionCounts.From(predicted, actual);
        var fromClasses = ClassConfusion.From(predicted.Select(p => p ? 1 : 0).ToArray(), actual.Select(a => a ? 1 : 0).ToArray(), 2);
        Assert.Equal(fromBools.Mcc, fromClasses.Mcc, Tolerance);
        Assert.Equal(fromBools.Accuracy, fromClasses.Accuracy, Tolerance);
    }

    [Fact]
    public void Constant_predictions_give_mcc_zero()
    {
        // Everything predicted as class 1: accuracy 2/6; F1 of class 1 = 2·2 / (2 + 6) = 1/2, of classes 0 and 2 = 0
        // → macro 1/6. Column sums p = 0 6 0, so s² − Σp² = 36 − 36 = 0 and MCC is 0 (scikit-learn says 0 too).
        var matrix = ClassConfusion.From(predicted: [1, 1, 1, 1, 1, 1], actual: [0, 1, 2, 0, 1, 2], classCount: 3);

        Assert.Equal(0, matrix.Mcc);
        Assert.Equal(1.0 / 3, matrix.Accuracy, Tolerance);
        Assert.Equal(1.0 / 6, matrix.MacroF1, Tolerance);
    }

    [Fact]
    public void A_perfect_model_scores_one_everywhere()
    {
        var matrix = new ClassConfusion([[4, 0, 0], [0, 2, 0], [0, 0, 7]]);

        Assert.Equal(1, matrix.Accuracy, Tolerance);
        Assert.Equal(1, matrix.MacroF1, Tolerance);
        Assert.Equal(1, matrix.Mcc, Tolerance);
    }

    [Fact]
    public void A_class_that_never_occurs_is_left_out_of_macro_f1()
    {
        // Class 2 is neither true nor predicted: scikit-learn's f1_score(average='macro') gives 1.0 here
        // (and 2/3 only if told labels=[0, 1, 2]).
        var matrix = ClassConfusion.From(predicted: [0, 0, 1, 1], actual: [0, 0, 1, 1], classCount: 3);

        Assert.Equal(1, matrix.MacroF1, Tolerance);
        Assert.Equal(1, matrix.Mcc, Tolerance);
    }

    [Fact]
    public void The_empty_matrix_gives_zero_for_every_metric()
    {
        var matrix = ClassConfusion.From([], [], 4);

        Assert.Equal(4, matrix.ClassCount);
        Assert.Equal(0, matrix.Total);
        Assert.Equal(0, matrix.Accuracy);
        Assert.Equal(0, matrix.MacroF1);
        Assert.Equal(0, matrix.Mcc);
    }

    [Fact]
    public void From_refuses_a_label_outside_the_classes_naming_its_index_and_value()
    {
        var predictedError = Assert.Throws<ArgumentException>(() => ClassConfusion.From([0, 3, 1], [0, 1, 1], 3));
        var actualError = Assert.Throws<ArgumentException>(() => ClassConfusion.From([0, 1, 1], [0, 1, -1], 3));

        Assert.Equal("predicted", predictedError.ParamName);
        Assert.Contains("predicted[1] is 3", predictedError.Message, StringComparison.Ordinal);
        Assert.Equal("actual", actualError.ParamName);
        Assert.Contains("actual[2] is -1", actualError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_refuses_different_lengths_and_fewer_than_two_classes()
    {
        var lengths = Assert.Throws<ArgumentException>(() => ClassConfusion.From([0, 1, 1], [0, 1], 2));
        var classes = Assert.Throws<ArgumentOutOfRangeException>(() => ClassConfusion.From([0], [0], 1));

        Assert.Contains("3 predictions but 2 labels", lengths.Message, StringComparison.Ordinal);
        Assert.Equal("classCount", classes.ParamName);
    }

    [Fact]
    public void The_constructor_refuses_a_matrix_that_is_not_square_small_enough_or_non_negative()
    {
        Assert.Contains("at least 2 classes", Assert.Throws<ArgumentException>(() => new ClassConfusion([[3]])).Message, StringComparison.Ordinal);
        Assert.Contains("rows[1] has length 3", Assert.Throws<ArgumentException>(() => new ClassConfusion([[1, 2], [3, 4, 5]])).Message, StringComparison.Ordinal);
        Assert.Contains("rows[0][1] is -2", Assert.Throws<ArgumentException>(() => new ClassConfusion([[1, -2], [3, 4]])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cells_cannot_be_changed_from_outside()
    {
        long[][] rows = [[1, 2], [3, 4]];
        var matrix = new ClassConfusion(rows);

        rows[0][0] = 100;
        matrix.Rows[1][1] = 100;

        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(4, matrix[1, 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix[0, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix[-1, 0]);
    }

    [Fact]
    public void Json_holds_only_the_cells_and_round_trips()
    {
        var matrix = new ClassConfusion(ThreeClasses);

        var json = LabJson.Serialize(matrix);
        var back = LabJson.Deserialize<ClassConfusion>(json);
        var backWithDefaults = JsonSerializer.Deserialize<ClassConfusion>(JsonSerializer.Serialize(matrix));

        Assert.Equal("""{"rows":[[5,1,0],[2,3,1],[0,2,6]]}""", json);
        Assert.Equal(matrix, back);
        Assert.Equal(matrix, backWithDefaults);
        Assert.Equal(matrix.Mcc, back.Mcc);
        Assert.Equal(matrix.GetHashCode(), back.GetHashCode());
        Assert.NotEqual(matrix, new ClassConfusion([[5, 1, 0], [2, 3, 1], [0, 2, 7]]));
    }

    [Fact]
    public void Json_that_breaks_the_matrix_rules_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => LabJson.Deserialize<ClassConfusion>("""{"rows":[[1,2],[3]]}"""));

        Assert.Contains("rows[1] has length 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_form_shows_the_cells()
    {
        Assert.Equal("ClassConfusion { Rows = [[1, 2], [3, 4]] }", new ClassConfusion([[1, 2], [3, 4]]).ToString());
    }
}
