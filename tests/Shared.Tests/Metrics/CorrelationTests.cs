using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class CorrelationTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Pearson_matches_a_hand_computed_case()
    {
        // x = 1 2 3, y = 1 3 2: means 2 and 2, deviations −1 0 1 and −1 1 0.
        // Σdx·dy = 1, Σdx² = 2, Σdy² = 2 → r = 1 / √(2·2) = 0.5.
        Assert.Equal(0.5, Correlation.Pearson([1, 2, 3], [1, 3, 2]), Tolerance);
    }

    [Fact]
    public void A_perfect_linear_relation_gives_one_and_an_inverted_one_minus_one()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] rising = [3, 5, 7, 9, 11];   // 2x + 1
        double[] falling = [4, 1, -2, -5, -8]; // 7 − 3x

        Assert.Equal(1, Correlation.Pearson(x, rising), Tolerance);
        Assert.Equal(1, Correlation.Spearman(x, rising), Tolerance);
        Assert.Equal(-1, Correlation.Pearson(x, falling), Tolerance);
        Assert.Equal(-1, Correlation.Spearman(x, falling), Tolerance);
    }

    [Fact]
    public void Spearman_is_one_for_a_monotone_curve_where_pearson_is_not()
    {
        // y = x³ keeps the order of x but not a line: Pearson is 0.9513698557924043 (scipy.stats.pearsonr).
        double[] x = [1, 2, 3, 4];
        double[] cubes = [1, 8, 27, 64];

        Assert.Equal(0.9513698557924043, Correlation.Pearson(x, cubes), Tolerance);
        Assert.Equal(1, Correlation.Spearman(x, cubes), Tolerance);
    }

    [Fact]
    public void Spearman_gives_tied_values_the_mean_of_their_ranks()
    {
        // x = 1 2 2 3 ranks 1 2.5 2.5 4; y = 1 3 2 4 ranks 1 3 2 4. Both rank means are 2.5:
        // deviations −1.5 0 0 1.5 and −1.5 0.5 −0.5 1.5; Σdx·dy = 4.5, Σdx² = 4.5, Σdy² = 5
        // → ρ = 4.5 / √(4.5·5) = √0.9 = 0.9486832980505138 (scipy.stats.spearmanr: 0.9486832980505139).
        Assert.Equal(Math.Sqrt(0.9), Correlation.Spearman([1, 2, 2, 3], [1, 3, 2, 4]), Tolerance);
    }

    [Fact]
    public void Spearman_matches_scipy_with_ties_on_both_sides()
    {
        // scipy.stats.spearmanr([3,1,4,1,5,9,2,6], [2,7,1,8,2,8,1,8]).correlation; x ties a pair, y two pairs and a triple.
        Assert.Equal(0.19885368120992467, Correlation.Spearman([3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8]), Tolerance);
    }

    [Fact]
    public void Constant_input_gives_zero_not_nan()
    {
        // The mean of 0.7 three times is not exactly 0.7; without the constancy check Pearson would be about 8.7e-17.
        double[] constant = [0.7, 0.7, 0.7];
        double[] varying = [1, 5, 2];

        Assert.Equal(0, Correlation.Pearson(constant, varying));
        Assert.Equal(0, Correlation.Spearman(constant, varying));
        Assert.Equal(0, Correlation.Pearson(varying, constant));
        Assert.Equal(0, Correlation.Pearson(constant, constant));
        Assert.Equal(0, Correlation.Spearman([2, 2], [2, 2]));
    }

    [Fact]
    public void Lists_of_different_lengths_are_refused_with_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2, 3], [1, 2]));

        Assert.Equal("x", error.ParamName);
        Assert.Contains("3 values in x but 2 in y", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Correlation.Spearman([1, 2], [1, 2, 3]));
    }

    [Fact]
    public void Fewer_than_two_pairs_are_refused()
    {
        Assert.Contains("at least 2 pairs", Assert.Throws<ArgumentException>(() => Correlation.Pearson([1], [1])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Correlation.Spearman([], []));
    }

    [Fact]
    public void A_value_that_is_not_finite_is_refused_by_position()
    {
        var error = Assert.Throws<ArgumentException>(() => Correlation.Spearman([1, 2, 3], [1, double.NaN, 3]));

        Assert.Equal("y", error.ParamName);
        Assert.Contains("y[1] is NaN", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, double.PositiveInfinity], [1, 2]));
    }
}
