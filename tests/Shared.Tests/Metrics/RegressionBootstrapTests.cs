using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class RegressionBootstrapTests
{
    [Fact]
    public void Identical_predictions_differ_by_zero_with_p_one()
    {
        var gold = Scores(150, i => i * 7919 % 501 / 100.0);
        var predicted = Scores(150, i => gold[i] + Noise(i));

        var result = RegressionBootstrap.Run(predicted, predicted, gold, resamples: 500);

        Assert.Equal(new BootstrapDifference(0, 0, 0, 1), result.Pearson);
        Assert.Equal(new BootstrapDifference(0, 0, 0, 1), result.Spearman);
    }

    [Fact]
    public void A_much_better_system_has_an_interval_above_zero_and_a_small_p()
    {
        // Both systems see gold plus the same noise pattern, the first at 0.2 of its size, the second at 3 times.
        var gold = Scores(200, i => i * 7919 % 501 / 100.0);
        var first = Scores(200, i => gold[i] + (0.2 * Noise(i)));
        var second = Scores(200, i => gold[i] + (3 * Noise(i * 13)));

        var result = RegressionBootstrap.Run(first, second, gold, resamples: 2000);

        Assert.Equal(Correlation.Pearson(first, gold) - Correlation.Pearson(second, gold), result.Pearson.Observed, 12);
        Assert.Equal(Correlation.Spearman(first, gold) - Correlation.Spearman(second, gold), result.Spearman.Observed, 12);
        Assert.True(result.Pearson.Observed > 0.2, $"{result.Pearson}");
        foreach (var difference in new[] { result.Pearson, result.Spearman })
        {
            Assert.True(difference.Low > 0, $"{difference}");
            Assert.True(difference.PValue < 0.01, $"p = {difference.PValue}");
        }

        Assert.Equal(200, result.Examples);
        Assert.Equal(2000, result.Resamples);
        Assert.Equal(PairedBootstrap.DefaultSeed, result.Seed);
    }

    [Fact]
    public void A_resample_scores_as_the_drawn_examples_written_out_would()
    {
        // With one resample the interval is that resample's difference. Redraw it as the bootstrap does (seeded
        // Random, n draws of an index) and score the copied-out lists: repeated draws and the tied gold values must rank
        // as scipy.stats.spearmanr would rank the copy.
        var gold = Scores(40, i => i % 7 / 2.0);
        var first = Scores(40, i => gold[i] + (0.5 * Noise(i)));
        var second = Scores(40, i => i % 5);
        const int Seed = 12_345;

        var random = new Random(Seed);
        var drawn = Enumerable.Range(0, 40).Select(_ => random.Next(40)).ToArray();
        double[] Copy(double[] values) => drawn.Select(i => values[i]).ToArray();
        var pearson = Correlation.Pearson(Copy(first), Copy(gold)) - Correlation.Pearson(Copy(second), Copy(gold));
        var spearman = Correlation.Spearman(Copy(first), Copy(gold)) - Correlation.Spearman(Copy(second), Copy(gold));

        var result = RegressionBootstrap.Run(first, second, gold, resamples: 1, seed: Seed);

        Assert.Equal(pearson, result.Pearson.Low, 12);
        Assert.Equal(pearson, result.Pearson.High, 12);
        Assert.Equal(spearman, result.Spearman.Low, 12);
        Assert.Equal(spearman, result.Spearman.High, 12);
    }

    [Fact]
    public void The_same_seed_gives_the_same_result_and_another_seed_may_not()
    {
        var gold = Scores(80, i => i * 31 % 26 / 5.0);
        var first = Scores(80, i => gold[i] + Noise(i));
        var second = Scores(80, i => gold[i] + Noise(i * 3));

        var once = RegressionBootstrap.Run(first, second, gold, resamples: 500, seed: 7);
        var again = RegressionBootstrap.Run(first, second, gold, resamples: 500, seed: 7);
        var other = RegressionBootstrap.Run(first, second, gold, resamples: 500, seed: 8);

        Assert.Equal(once, again);
        Assert.NotEqual(once.Pearson, other.Pearson);
    }

    [Fact]
    public void Predictions_on_different_examples_or_an_unusable_resample_count_are_refused()
    {
        double[] three = [1, 2, 3];
        double[] two = [1, 2];

        var error = Assert.Throws<ArgumentException>(() => RegressionBootstrap.Run(three, two, three));

        Assert.Equal("second", error.ParamName);
        Assert.Contains("2 values in second but 3 in gold", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RegressionBootstrap.Run(two, two, three));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionBootstrap.Run(three, three, three, resamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionBootstrap.Run(three, three, three, resamples: PairedBootstrap.MaxResamples + 1));
    }

    /// <summary>A fixed, uneven pattern in [−1, 1] standing in for model error.</summary>
    private static double Noise(int i) => ((i * 37 % 17) - 8) / 8.0;

    private static double[] Scores(int count, Func<int, double> value) => Enumerable.Range(0, count).Select(value).ToArray();
}
