namespace LabPortal.Agent.Training;

/// <summary>
/// Holds a seeded fraction of the training file out for model selection (best checkpoint, early stopping,
/// thresholds), so the validation file is only ever evaluated for the report. Both parts keep the file's order.
/// </summary>
public static class SelectionSplit
{
    public static (List<T> Train, List<T> Selection) Carve<T>(IReadOnlyList<T> examples, double fraction, int seed)
    {
        if (fraction <= 0 || examples.Count < 2)
        {
            return (examples.ToList(), []);
        }

        // At least one example on each side, however small the file.
        var size = Math.Clamp((int)Math.Round(examples.Count * fraction), 1, examples.Count - 1);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(seed).Shuffle(order);
        var held = order.Take(size).ToHashSet();
        var train = new List<T>(examples.Count - size);
        var selection = new List<T>(size);
        for (var i = 0; i < examples.Count; i++)
        {
            (held.Contains(i) ? selection : train).Add(examples[i]);
        }

        return (train, selection);
    }
}
