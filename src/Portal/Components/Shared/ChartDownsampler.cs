namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// Keeps a chart light without hiding what matters: the points are cut into equal buckets and each bucket keeps its
/// lowest and highest value, so a spike survives however long the run; the first and last points always stay.
/// </summary>
public static class ChartDownsampler
{
    public static IReadOnlyList<(double X, double Y)> Take(IReadOnlyList<(double X, double Y)> points, int maxPoints)
    {
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var buckets = (maxPoints - 2) / 2;
        var kept = new SortedSet<int> { 0, points.Count - 1 };
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var start = 1 + (int)((long)bucket * (points.Count - 2) / buckets);
            var end = 1 + (int)((long)(bucket + 1) * (points.Count - 2) / buckets);
            var (lowest, highest) = (start, start);
            for (var i = start; i < end; i++)
            {
                lowest = points[i].Y < points[lowest].Y ? i : lowest;
                highest = points[i].Y > points[highest].Y ? i : highest;
            }

            kept.Add(lowest);
            kept.Add(highest);
        }

        return kept.Select(i => points[i]).ToList();
    }
}
