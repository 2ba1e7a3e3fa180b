namespace LabPortal.Shared.Metrics;

/// <summary>
/// The paired bootstrap for a regression task (STS-B): two systems' predictions on the same examples, scored against
/// the same gold values. Each resample draws example indices with replacement (seeded <see cref="Random"/>) and
/// recomputes both systems' Pearson and Spearman on it; interval and shift-method p-value are those of
/// <see cref="PairedBootstrap"/>, with its default resamples and seed. A resample is held as how often each example was
/// drawn, never copied out, so its ranks come from one sort of the originals: O(n) a resample instead of O(n log n).
/// </summary>
public sealed record RegressionBootstrap(int Examples, int Resamples, int Seed, BootstrapDifference Pearson, BootstrapDifference Spearman)
{
    public static RegressionBootstrap Run(
        IReadOnlyList<double> first,
        IReadOnlyList<double> second,
        IReadOnlyList<double> gold,
        int resamples = PairedBootstrap.DefaultResamples,
        int seed = PairedBootstrap.DefaultSeed)
    {
        Correlation.CheckPairs(first, gold);
        Correlation.CheckPairs(second, gold);
        PairedBootstrap.CheckResamples(resamples);

        var n = gold.Count;
        var order = (First: Ranks.Ascending(first), Second: Ranks.Ascending(second), Gold: Ranks.Ascending(gold));
        (double Pearson, double Spearman) Differences(long[] counts) => (
            Correlation.Pearson(first, gold, counts) - Correlation.Pearson(second, gold, counts),
            Correlation.Spearman(first, order.First, gold, order.Gold, counts) - Correlation.Spearman(second, order.Second, gold, order.Gold, counts));

        var observed = Differences(Correlation.Once(n));
        var random = new Random(seed);
        var drawn = new long[n];
        var samples = new (double Pearson, double Spearman)[resamples];
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(drawn);
            for (var j = 0; j < n; j++)
            {
                drawn[random.Next(n)]++;
            }

            samples[b] = Differences(drawn);
        }

        return new RegressionBootstrap(n, resamples, seed,
            BootstrapDifference.Of(observed.Pearson, samples.Select(s => s.Pearson)),
            BootstrapDifference.Of(observed.Spearman, samples.Select(s => s.Spearman)));
    }
}
