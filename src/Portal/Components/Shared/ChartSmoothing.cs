namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// Exponential moving average of a noisy curve (the training loss), as W&amp;B and TensorBoard smooth: weight 0 keeps
/// the points, weight 0.9 averages over about ten. The average is debiased, so its first points do not start at zero.
/// </summary>
public static class ChartSmoothing
{
    public const double MaxWeight = 0.99;

    public static IReadOnlyList<(double X, double Y)> Exponential(IReadOnlyList<(double X, double Y)> points, double weight)
    {
        if (weight <= 0 || points.Count < 2)
        {
            return points;
        }

        weight = Math.Min(weight, MaxWeight);
        var smoothed = new List<(double X, double Y)>(points.Count);
        var (average, debias) = (0.0, 1.0);
        foreach (var (x, y) in points)
        {
            average = weight * average + (1 - weight) * y;
            debias *= weight;
            smoothed.Add((x, average / (1 - debias)));
        }

        return smoothed;
    }
}
