using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class RegressionScoresTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Scores_match_a_hand_computed_case()
    {
        // predicted 1 2 3 4, actual 1 3 2 4: both means 2.5, deviations −1.5 −0.5 0.5 1.5 and −1.5 0.5 −0.5 1.5.
        // Σdx·dy = 2.25 − 0.25 − 0.25 + 2.25 = 4, Σdx² = Σdy² = 5 → Pearson 0.8; no ties, so the ranks are the values
        // and Spearman is 0.8 too. Squared errors 0 1 1 0 → MSE 0.5.
        var scores = RegressionScores.From([1, 2, 3, 4], [1, 3, 2, 4]);

        Assert.Equal(0.8, scores.Pearson, Tolerance);
        Assert.Equal(0.8, scores.Spearman, Tolerance);
        Assert.Equal(0.5, scores.MeanSquaredError, Tolerance);
        Assert.Equal(4, scores.Count);
    }

    [Fact]
    public void A_prediction_off_by_a_constant_correlates_perfectly_but_has_an_error()
    {
        var scores = RegressionScores.From([2, 3.5, 1, 5], [1, 2.5, 0, 4]);

        Assert.Equal(1, scores.Pearson, Tolerance);
        Assert.Equal(1, scores.Spearman, Tolerance);
        Assert.Equal(1, scores.MeanSquaredError, Tolerance);
    }

    [Fact]
    public void Constant_predictions_correlate_zero_and_keep_their_error()
    {
        // predicted 2 2 2 2, actual 1 3 2 4: squared errors 1 1 0 4 → MSE 6/4 = 1.5.
        var scores = RegressionScores.From([2, 2, 2, 2], [1, 3, 2, 4]);

        Assert.Equal(new RegressionScores(0, 0, 1.5, 4), scores);
    }

    [Fact]
    public void Predictions_and_labels_of_different_lengths_are_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => RegressionScores.From([1, 2, 3], [1, 2]));

        Assert.Equal("predicted", error.ParamName);
        Assert.Contains("3 values in predicted but 2 in actual", error.Message, StringComparison.Ordinal);
    }
}
