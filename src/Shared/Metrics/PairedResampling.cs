namespace LabPortal.Shared.Metrics;

/// <summary>
/// The resampling behind the paired bootstraps of class decisions. Each example is described, in every pairing (seed),
/// by the confusion cell the first system's decision falls in and the one the second's falls in. Examples with the same
/// cells in every pairing are interchangeable, so a resample is held as how often each kind was drawn, and both systems'
/// pooled cell counts are rebuilt from those frequencies: O(kinds) a metric instead of O(examples).
/// </summary>
internal static class PairedResampling
{
    /// <summary>
    /// Draws <paramref name="resamples"/> resamples of the examples (seeded <see cref="Random"/>, indices with
    /// replacement) and measures each with <paramref name="measure"/>(first's cell counts, second's cell counts);
    /// returns the observed measure and the resampled ones.
    /// </summary>
    /// <param name="firstCells">firstCells[pairing][example]: the cell (0 … cells − 1) of the first system's decision.</param>
    public static (T Observed, T[] Resampled) Run<T>(
        IReadOnlyList<IReadOnlyList<int>> firstCells, IReadOnlyList<IReadOnlyList<int>> secondCells, int cells,
        int resamples, int seed, Func<long[], long[], T> measure)
    {
        var n = firstCells[0].Count;
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var kindOf = new int[n];
        var kindCells = new List<(long[] First, long[] Second)>();
        for (var i = 0; i < n; i++)
        {
            var key = string.Join(',', Enumerable.Range(0, firstCells.Count).Select(p => $"{firstCells[p][i]}:{secondCells[p][i]}"));
            if (!kinds.TryGetValue(key, out var kind))
            {
                kind = kinds.Count;
                kinds[key] = kind;
                kindCells.Add((CountCells(firstCells, i, cells), CountCells(secondCells, i, cells)));
            }

            kindOf[i] = kind;
        }

        T Measure(long[] frequency)
        {
            var first = new long[cells];
            var second = new long[cells];
            for (var k = 0; k < frequency.Length; k++)
            {
                for (var c = 0; c < cells; c++)
                {
                    first[c] += frequency[k] * kindCells[k].First[c];
                    second[c] += frequency[k] * kindCells[k].Second[c];
                }
            }

            return measure(first, second);
        }

        var observed = new long[kindCells.Count];
        foreach (var kind in kindOf)
        {
            observed[kind]++;
        }

        var random = new Random(seed);
        var drawn = new long[kindCells.Count];
        var samples = new T[resamples];
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(drawn);
            for (var j = 0; j < n; j++)
            {
                drawn[kindOf[random.Next(n)]]++;
            }

            samples[b] = Measure(drawn);
        }

        return (Measure(observed), samples);
    }

    private static long[] CountCells(IReadOnlyList<IReadOnlyList<int>> cellsByPairing, int example, int cells)
    {
        var counts = new long[cells];
        foreach (var pairing in cellsByPairing)
        {
            counts[pairing[example]]++;
        }

        return counts;
    }
}
