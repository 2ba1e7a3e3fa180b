namespace LabPortal.Shared.Metrics;

/// <summary>A metric's difference first − second on the examples, its 95 % percentile interval and two-sided p-value.</summary>
public sealed record BootstrapDifference(double Observed, double Low, double High, double PValue)
{
    /// <summary>Whether the interval leaves out 0, i.e. the sign of the difference holds across resamples.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
