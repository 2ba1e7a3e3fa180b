using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class PairedBootstrapTests
{
    [Fact]
    public void Identical_predictions_differ_by_zero_with_p_one()
    {
        var labels = Pattern(200, i => i % 3 == 0);
        var predicted = Pattern(200, i => i % 2 == 0);

        var result = PairedBootstrap.Run([new PairedDecisions(labels, predicted, predicted)], resamples: 500);

        foreach (var difference in new[] { result.Accuracy, result.F1, result.Mcc })
        {
            Assert.Equal(new BootstrapDifference(0, 0, 0, 1), difference);
        }
    }

    [Fact]
    public void A_clearly_better_system_has_an_interval_above_zero_and_a_small_p()
    {
        // 300 examples: the first system is right on 90 %, the second on 60 %, errors spread over both classes.
        var labels = Pattern(300, i => i % 2 == 0);
        var first = Pattern(300, i => i % 10 == 0 ? i % 2 != 0 : i % 2 == 0);
        var second = Pattern(300, i => i % 10 < 4 ? i % 2 != 0 : i % 2 == 0);

        var result = PairedBootstrap.Run([new PairedDecisions(labels, first, second)], resamples: 2000);

        Assert.Equal(0.3, result.Accuracy.Observed, 12);
        Assert.True(result.Accuracy.Low > 0.2 && result.Accuracy.High < 0.4, $"{result.Accuracy}");
        Assert.True(result.F1.ExcludesZero && result.Mcc.ExcludesZero);
        Assert.True(result.Accuracy.PValue < 0.01, $"p = {result.Accuracy.PValue}");
        Assert.Equal(1.0 / 2001, result.Accuracy.PValue, 12); // no resample strays 0.3 from the observed difference
    }

    [Fact]
    public void A_worse_first_system_gives_a_negative_interval()
    {
        var labels = Pattern(300, i => i % 2 == 0);
        var good = Pattern(300, i => i % 2 == 0);
        var bad = Pattern(300, i => i % 5 == 0 ? i % 2 == 0 : i % 2 != 0);

        var result = PairedBootstrap.Run([new PairedDecisions(labels, bad, good)], resamples: 1000);

        Assert.True(result.Accuracy.High < 0, $"{result.Accuracy}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval_and_another_seed_may_not()
    {
        var labels = Pattern(120, i => i % 2 == 0);
        var first = Pattern(120, i => i % 7 == 0 ? i % 2 != 0 : i % 2 == 0);
        var second = Pattern(120, i => i % 4 == 0 ? i % 2 != 0 : i % 2 == 0);
        PairedDecisions[] pairing = [new(labels, first, second)];

        var once = PairedBootstrap.Run(pairing, resamples: 1000, seed: 7);
        var again = PairedBootstrap.Run(pairing, resamples: 1000, seed: 7);
        var other = PairedBootstrap.Run(pairing, resamples: 1000, seed: 8);

        Assert.Equal(once, again);
        Assert.NotEqual(once.F1, other.F1);
    }

    [Fact]
    public void Seeds_on_the_same_examples_pool_their_counts()
    {
        var labels = Pattern(100, i => i % 2 == 0);
        var right = Pattern(100, i => i % 2 == 0);
        var wrong = Pattern(100, i => i % 2 != 0);

        // Seed 1: the first system is all right, the second all wrong; seed 2 the other way round: pooled, a tie.
        var result = PairedBootstrap.Run([new PairedDecisions(labels, right, wrong), new PairedDecisions(labels, wrong, right)], resamples: 200);

        Assert.Equal(0, result.Accuracy.Observed, 12);
        Assert.Equal(0, result.Accuracy.Low, 12);
        Assert.Equal(0, result.Accuracy.High, 12);
    }

    [Fact]
    public void Pairings_over_different_examples_are_refused()
    {
        var a = new PairedDecisions([true, false], [true, false], [true, true]);
        var b = new PairedDecisions([true], [true], [true]);

        var error = Assert.Throws<ArgumentException>(() => PairedBootstrap.Run([a, b]));

        Assert.Contains("same examples", error.Message);
        Assert.Throws<ArgumentException>(() => new PairedDecisions([true, false], [true], [true, false]));
    }

    private static bool[] Pattern(int count, Func<int, bool> value) => Enumerable.Range(0, count).Select(value).ToArray();
}
