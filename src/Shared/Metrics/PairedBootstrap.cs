namespace LabPortal.Shared.Metrics;

/// <summary>
/// The paired bootstrap over validation examples: resample the examples with replacement, recompute both systems'
/// metrics on the same resample, and read the differences' spread. With several pairings (seeds) on the same examples,
/// one resample of example indices serves all of them and their confusion counts are pooled, as McNemar pools.
/// The p-value is two-sided by the shift method (Koehn 2004; Berg-Kirkpatrick et al. 2012): the share of resamples
/// whose difference strays from the observed one by at least the observed one, (1 + hits) / (1 + resamples).
/// </summary>
public sealed record PairedBootstrap(int Examples, int Resamples, int Seed, BootstrapDifference Accuracy, BootstrapDifference F1, BootstrapDifference Mcc)
{
    public const int DefaultResamples = 10_000;
    public const int DefaultSeed = 20_261_129;
    public const int MaxResamples = 100_000;

    public static PairedBootstrap Run(IReadOnlyList<PairedDecisions> pairings, int resamples = DefaultResamples, int seed = DefaultSeed)
    {
        if (pairings.Count == 0 || pairings[0].Count == 0)
        {
            throw new ArgumentException("The bootstrap needs at least one pairing with at least one example.", nameof(pairings));
        }

        CheckResamples(resamples);

        var n = pairings[0].Count;
        if (pairings.FirstOrDefault(p => p.Count != n) is { } odd)
        {
            throw new ArgumentException($"The pairings cover {n} and {odd.Count} examples; all must share the same examples.", nameof(pairings));
        }

        var (observed, samples) = PairedResampling.Run(
            [.. pairings.Select(p => Cells(p.First, p.Labels))], [.. pairings.Select(p => Cells(p.Second, p.Labels))], 4, resamples, seed, Differences);
        return new PairedBootstrap(n, resamples, seed,
            BootstrapDifference.Of(observed.Accuracy, samples.Select(s => s.Accuracy)),
            BootstrapDifference.Of(observed.F1, samples.Select(s => s.F1)),
            BootstrapDifference.Of(observed.Mcc, samples.Select(s => s.Mcc)));
    }

    /// <summary>Refuses a number of resamples too small to read an interval from or too large to wait for.</summary>
    internal static void CheckResamples(int resamples)
    {
        if (resamples is < 1 or > MaxResamples)
        {
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples, $"Resamples must be between 1 and {MaxResamples}.");
        }
    }

    /// <summary>0 TP, 1 FP, 2 TN, 3 FN.</summary>
    private static int Cell(bool predicted, bool label) => (predicted, label) switch
    {
        (true, true) => 0,
        (true, false) => 1,
        (false, false) => 2,
        _ => 3,
    };

    private static IReadOnlyList<int> Cells(IReadOnlyList<bool> decisions, IReadOnlyList<bool> labels) =>
        [.. decisions.Zip(labels, Cell)];

    private static (double Accuracy, double F1, double Mcc) Differences(long[] first, long[] second)
    {
        var a = new ConfusionCounts(first[0], first[1], first[2], first[3]);
        var b = new ConfusionCounts(second[0], second[1], second[2], second[3]);
        return (a.Accuracy - b.Accuracy, a.F1 - b.F1, a.Mcc - b.Mcc);
    }
}
