namespace LabPortal.Shared.Metrics;

/// <summary>A metric's difference first − second on the examples, its 95 % percentile interval and two-sided p-value.</summary>
public sealed record BootstrapDifference(double Observed, double Low, double High, double PValue)
{
    // Floating-point sums of the same counts can differ in the last bit; closer than this is "at least as far".
    private const double Tolerance = 1e-12;

    /// <summary>Whether the interval leaves out 0, i.e. the sign of the difference holds across resamples.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;

    /// <summary>
    /// Summarises the differences on the resamples: the 2.5 % and 97.5 % percentiles, and the shift-method p-value
    /// (1 + hits) / (1 + resamples), a hit being a resample whose difference strays from the observed one by at least
    /// the observed one (see <see cref="PairedBootstrap"/>).
    /// </summary>
    internal static BootstrapDifference Of(double observed, IEnumerable<double> resampled)
    {
        var sorted = resampled.Order().ToArray();
        var last = sorted.Length - 1;
        var low = sorted[(int)Math.Floor(0.025 * last)];
        var high = sorted[(int)Math.Ceiling(0.975 * last)];
        var atLeastAsFar = sorted.Count(d => Math.Abs(d - observed) >= Math.Abs(observed) - Tolerance);
        return new BootstrapDifference(observed, low, high, (1.0 + atLeastAsFar) / (1.0 + sorted.Length));
    }
}
