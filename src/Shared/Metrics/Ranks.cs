namespace LabPortal.Shared.Metrics;

/// <summary>
/// Average ranks for Spearman's correlation: 1-based, and values that tie share the mean of the ranks they span, as
/// scipy.stats.rankdata(method='average') and so scipy.stats.spearmanr rank. Ranks are taken over a sample in which
/// example i occurs counts[i] times, so a bootstrap resample is ranked from one sort of the originals, without copying it.
/// </summary>
internal static class Ranks
{
    /// <summary>The examples' indices in ascending order of value: sorted once, it serves every resample.</summary>
    public static int[] Ascending(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).ToArray();
        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
        return order;
    }

    /// <summary>Each example's rank; an example that occurs 0 times gets one too, which weighs nothing.</summary>
    public static double[] Average(IReadOnlyList<double> values, int[] ascending, IReadOnlyList<long> counts)
    {
        var ranks = new double[values.Count];
        long below = 0;
        for (var start = 0; start < ascending.Length;)
        {
            // A run of equal values holding m occurrences after `below` smaller ones spans ranks below+1 … below+m.
            var end = start;
            long occurrences = 0;
            while (end < ascending.Length && values[ascending[end]] == values[ascending[start]])
            {
                occurrences += counts[ascending[end]];
                end++;
            }

            var rank = below + ((occurrences + 1) / 2.0);
            for (var i = start; i < end; i++)
            {
                ranks[ascending[i]] = rank;
            }

            below += occurrences;
            start = end;
        }

        return ranks;
    }
}
