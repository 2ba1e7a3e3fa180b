namespace LabPortal.Portal.Components.Shared;

/// <summary>Maps a data range onto pixels, with evenly spaced ticks at round values (1, 2 or 5 × 10ⁿ).</summary>
public sealed record AxisScale(double Min, double Max, IReadOnlyList<double> Ticks)
{
    public static AxisScale Fit(IEnumerable<double> values, int targetTicks = 5)
    {
        var list = values.Where(double.IsFinite).ToList();
        var (low, high) = list.Count == 0 ? (0.0, 1.0) : (list.Min(), list.Max());
        if (high - low < 1e-12)
        {
            // A flat line still gets a readable band around it.
            var pad = Math.Max(Math.Abs(low) * 0.05, 1e-3);
            (low, high) = (low - pad, high + pad);
        }

        var step = RoundStep((high - low) / targetTicks);
        var min = Math.Floor(low / step) * step;
        var max = Math.Ceiling(high / step) * step;
        var ticks = new List<double>();
        for (var tick = min; tick <= max + (step / 2); tick += step)
        {
            ticks.Add(Math.Round(tick, 12));
        }

        return new AxisScale(min, max, ticks);
    }

    /// <summary>The position of <paramref name="value"/> between <paramref name="from"/> and <paramref name="to"/> pixels.</summary>
    public double Map(double value, double from, double to) =>
        Max == Min ? from : from + ((value - Min) / (Max - Min) * (to - from));

    private static double RoundStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        return magnitude * (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10);
    }
}
