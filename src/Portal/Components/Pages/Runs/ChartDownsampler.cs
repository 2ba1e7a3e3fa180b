namespace LabPortal.Portal.Components.Pages.Runs;

/// <summary>Keeps a chart light: at most a fixed number of evenly spaced points, always including the last.</summary>
public static class ChartDownsampler
{
    public static IReadOnlyList<T> Take<T>(IReadOnlyList<T> points, int maxPoints)
    {
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var stride = (double)(points.Count - 1) / (maxPoints - 1);
        return Enumerable.Range(0, maxPoints).Select(i => points[(int)Math.Round(i * stride)]).ToList();
    }
}
