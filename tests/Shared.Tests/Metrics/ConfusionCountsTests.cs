using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class ConfusionCountsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Metrics_match_a_hand_computed_general_matrix()
    {
        // TP=40, FP=10, TN=35, FN=15, total 100.
        // accuracy  = (40+35)/100 = 0.75
        // precision = 40/(40+10) = 0.8
        // recall    = 40/(40+15) = 8/11
        // F1        = 2·40/(2·40+10+15) = 80/105 = 16/21
        // MCC       = (40·35 − 10·15) / √(50·55·45·50) = 1250 / √6 187 500 = 1250 / (750·√11) = 5 / (3·√11)
        var counts = new ConfusionCounts(TruePositives: 40, FalsePositives: 10, TrueNegatives: 35, FalseNegatives: 15);

        Assert.Equal(100, counts.Total);
        Assert.Equal(0.75, counts.Accuracy, Tolerance);
        Assert.Equal(0.8, counts.Precision, Tolerance);
        Assert.Equal(8.0 / 11.0, counts.Recall, Tolerance);
        Assert.Equal(16.0 / 21.0, counts.F1, Tolerance);
        Assert.Equal(5.0 / (3.0 * Math.Sqrt(11)), counts.Mcc, Tolerance);
    }

    [Fact]
    public void Recall_and_mcc_are_zero_when_the_data_has_no_positives()
    {
        // TP=0, FP=3, TN=7, FN=0: accuracy 7/10; precision 0/3 = 0; recall 0/0 → 0;
        // F1 = 0/(0+3+0) = 0; MCC: the actual-positive marginal TP+FN is empty → 0.
        var counts = new ConfusionCounts(0, 3, 7, 0);

        Assert.Equal(0.7, counts.Accuracy, Tolerance);
        Assert.Equal(0, counts.Precision);
        Assert.Equal(0, counts.Recall);
        Assert.Equal(0, counts.F1);
        Assert.Equal(0, counts.Mcc);
    }

    [Fact]
    public void Mcc_is_zero_when_the_data_has_no_negatives()
    {
        // TP=6, FP=0, TN=0, FN=4: accuracy 6/10; precision 6/6 = 1; recall 6/10;
        // F1 = 12/(12+0+4) = 0.75; MCC: the actual-negative marginal TN+FP is empty → 0.
        var counts = new ConfusionCounts(6, 0, 0, 4);

        Assert.Equal(0.6, counts.Accuracy, Tolerance);
        Assert.Equal(1, counts.Precision, Tolerance);
        Assert.Equal(0.6, counts.Recall, Tolerance);
        Assert.Equal(0.75, counts.F1, Tolerance);
        Assert.Equal(0, counts.Mcc);
    }

    [Fact]
    public void Mcc_is_zero_when_the_model_never_predicts_a_positive()
    {
        // TP=0, FP=0, TN=8, FN=2: accuracy 8/10; precision 0/0 → 0; recall 0/2 = 0;
        // F1 = 0/(0+0+2) = 0; MCC: the predicted-positive marginal TP+FP is empty → 0.
        var counts = new ConfusionCounts(0, 0, 8, 2);

        Assert.Equal(0.8, counts.Accuracy, Tolerance);
        Assert.Equal(0, counts.Precision);
        Assert.Equal(0, counts.Recall);
        Assert.Equal(0, counts.F1);
        Assert.Equal(0, counts.Mcc);
    }

    [Fact]
    public void Mcc_is_minus_one_when_every_decision_is_wrong()
    {
        // TP=0, FP=3, TN=0, FN=7: MCC = (0·0 − 3·7) / √(3·7·3·7) = −21/21 = −1; every other metric is 0.
        var counts = new ConfusionCounts(0, 3, 0, 7);

        Assert.Equal(-1, counts.Mcc, Tolerance);
        Assert.Equal(0, counts.Accuracy);
        Assert.Equal(0, counts.Precision);
        Assert.Equal(0, counts.Recall);
        Assert.Equal(0, counts.F1);
    }

    [Fact]
    public void Mcc_is_one_when_every_decision_is_right()
    {
        // TP=7, FP=0, TN=3, FN=0: MCC = (7·3 − 0) / √(7·7·3·3) = 21/21 = 1; every other metric is 1.
        var counts = new ConfusionCounts(7, 0, 3, 0);

        Assert.Equal(1, counts.Mcc, Tolerance);
        Assert.Equal(1, counts.Accuracy, Tolerance);
        Assert.Equal(1, counts.Precision, Tolerance);
        Assert.Equal(1, counts.Recall, Tolerance);
        Assert.Equal(1, counts.F1, Tolerance);
    }

    [Fact]
    public void The_empty_matrix_gives_zero_for_every_metric()
    {
        var counts = ConfusionCounts.Empty;

        Assert.Equal(0, counts.Total);
        Assert.Equal(0, counts.Accuracy);
        Assert.Equal(0, counts.Precision);
        Assert.Equal(0, counts.Recall);
        Assert.Equal(0, counts.F1);
        Assert.Equal(0, counts.Mcc);
    }

    [Fact]
    public void No_metric_is_ever_nan_or_outside_its_range()
    {
        long[] values = [0, 1, 3, 1_000_000_000];
        foreach (var tp in values)
        {
            foreach (var fp in values)
            {
                foreach (var tn in values)
                {
                    foreach (var fn in values)
                    {
                        var counts = new ConfusionCounts(tp, fp, tn, fn);
                        foreach (var ratio in new[] { counts.Accuracy, counts.Precision, counts.Recall, counts.F1 })
                        {
                            Assert.False(double.IsNaN(ratio), $"NaN for {counts}");
                            Assert.InRange(ratio, 0, 1);
                        }

                        Assert.False(double.IsNaN(counts.Mcc), $"NaN MCC for {counts}");
                        Assert.InRange(counts.Mcc, -1 - Tolerance, 1 + Tolerance);
                    }
                }
            }
        }
    }

    [Fact]
    public void From_counts_each_decision_against_its_label()
    {
        // predicted: T T F F T F F
        // actual:    T F F T T F T
        // cell:      TP FP TN FN TP TN FN → TP=2, FP=1, TN=2, FN=2
        bool[] predicted = [true, true, false, false, true, false, false];
        bool[] actual = [true, false, false, true, true, false, true];

        var counts = ConfusionCounts.From(predicted, actual);

        Assert.Equal(new ConfusionCounts(2, 1, 2, 2), counts);
    }

    [Fact]
    public void From_on_empty_arrays_is_the_empty_matrix()
    {
        Assert.Equal(ConfusionCounts.Empty, ConfusionCounts.From([], []));
    }

    [Fact]
    public void From_rejects_arrays_of_different_lengths_and_says_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfusionCounts.From([true, false, true], [true, false]));

        Assert.Equal("predicted", error.ParamName);
        Assert.Contains("3 predictions but 2 labels", error.Message, StringComparison.Ordinal);
    }
}
