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

        // Examples that fall in the same confusion cells in every pairing are interchangeable: count them as one kind.
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var kindOf = new int[n];
        var cells = new List<(long[] First, long[] Second)>();
        for (var i = 0; i < n; i++)
        {
            var key = string.Concat(pairings.Select(p => $"{Cell(p.First[i], p.Labels[i])}{Cell(p.Second[i], p.Labels[i])}"));
            if (!kinds.TryGetValue(key, out var kind))
            {
                kind = kinds.Count;
                kinds[key] = kind;
                cells.Add((CellCounts(pairings, i, p => p.First), CellCounts(pairings, i, p => p.Second)));
            }

            kindOf[i] = kind;
        }

        var frequency = new long[cells.Count];
        foreach (var kind in kindOf)
        {
            frequency[kind]++;
        }

        var observed = Differences(frequency, cells);
        var random = new Random(seed);
        var drawn = new long[cells.Count];
        var samples = new (double Accuracy, double F1, double Mcc)[resamples];
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(drawn);
            for (var j = 0; j < n; j++)
            {
                drawn[kindOf[random.Next(n)]]++;
            }

            samples[b] = Differences(drawn, cells);
        }

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

    private static long[] CellCounts(IReadOnlyList<PairedDecisions> pairings, int example, Func<PairedDecisions, IReadOnlyList<bool>> system)
    {
        var counts = new long[4];
        foreach (var pairing in pairings)
        {
            counts[Cell(system(pairing)[example], pairing.Labels[example])]++;
        }

        return counts;
    }

    private static (double Accuracy, double F1, double Mcc) Differences(long[] perKind, List<(long[] First, long[] Second)> cells)
    {
        var first = new long[4];
        var second = new long[4];
        for (var k = 0; k < perKind.Length; k++)
        {
            for (var c = 0; c < 4; c++)
            {
                first[c] += perKind[k] * cells[k].First[c];
                second[c] += perKind[k] * cells[k].Second[c];
            }
        }

        var a = new ConfusionCounts(first[0], first[1], first[2], first[3]);
        var b = new ConfusionCounts(second[0], second[1], second[2], second[3]);
        return (a.Accuracy - b.Accuracy, a.F1 - b.F1, a.Mcc - b.Mcc);
    }
}
