using System.Runtime.CompilerServices;

namespace LabPortal.Shared.Metrics;

/// <summary>
/// Pearson's and Spearman's correlation of paired values (STS-B's official metrics). Spearman's is Pearson's of the
/// values' average ranks (<see cref="Ranks"/>), as scipy.stats.spearmanr computes it.
/// When either side is constant its variance is zero and the correlation is undefined: scipy gives NaN, this gives 0,
/// so a table of scores never shows NaN (a model that predicts one score for everything explains none of the variation).
/// </summary>
public static class Correlation
{
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        CheckPairs(x, y);
        return Pearson(x, y, Once(x.Count));
    }

    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        CheckPairs(x, y);
        return Spearman(x, Ranks.Ascending(x), y, Ranks.Ascending(y), Once(x.Count));
    }

    /// <summary>Refuses what has no correlation: lists of different lengths, fewer than 2 pairs, NaN or infinite values.</summary>
    internal static void CheckPairs(
        IReadOnlyList<double> x,
        IReadOnlyList<double> y,
        [CallerArgumentExpression(nameof(x))] string xName = "",
        [CallerArgumentExpression(nameof(y))] string yName = "")
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"{x.Count} values in {xName} but {y.Count} in {yName}; a correlation pairs them.", xName);
        }

        if (x.Count < 2)
        {
            throw new ArgumentException($"A correlation needs at least 2 pairs; {xName} has {x.Count}.", xName);
        }

        CheckFinite(x, xName);
        CheckFinite(y, yName);
    }

    /// <summary>Pearson's correlation over a sample in which example i occurs counts[i] times.</summary>
    internal static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<long> counts)
    {
        // Checked directly: the mean of equal values can differ from them in the last bit, and the tiny false variance
        // left over would give a correlation of about ±1e-17 instead of exactly 0.
        if (IsConstant(x, counts) || IsConstant(y, counts))
        {
            return 0;
        }

        double n = 0, sumX = 0, sumY = 0;
        for (var i = 0; i < x.Count; i++)
        {
            n += counts[i];
            sumX += counts[i] * x[i];
            sumY += counts[i] * y[i];
        }

        double meanX = sumX / n, meanY = sumY / n, xy = 0, xx = 0, yy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            xy += counts[i] * dx * dy;
            xx += counts[i] * dx * dx;
            yy += counts[i] * dy * dy;
        }

        // Zero only if the squares underflow; rounding can carry a perfect correlation a bit past ±1.
        var denominator = Math.Sqrt(xx) * Math.Sqrt(yy);
        return denominator == 0 ? 0 : Math.Clamp(xy / denominator, -1, 1);
    }

    /// <summary>Spearman's correlation over a sample in which example i occurs counts[i] times.</summary>
    internal static double Spearman(IReadOnlyList<double> x, int[] xAscending, IReadOnlyList<double> y, int[] yAscending, IReadOnlyList<long> counts) =>
        Pearson(Ranks.Average(x, xAscending, counts), Ranks.Average(y, yAscending, counts), counts);

    /// <summary>Every example once: the sample as it is.</summary>
    internal static long[] Once(int count) => Enumerable.Repeat(1L, count).ToArray();

    private static bool IsConstant(IReadOnlyList<double> values, IReadOnlyList<long> counts)
    {
        double? seen = null;
        for (var i = 0; i < values.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            if (seen is { } value && value != values[i])
            {
                return false;
            }

            seen = values[i];
        }

        return true;
    }

    private static void CheckFinite(IReadOnlyList<double> values, string name)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; a correlation needs finite values.", name);
            }
        }
    }
}
