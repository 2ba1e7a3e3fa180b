namespace LabPortal.Shared.Metrics;

/// <summary>
/// The paired bootstrap for a task of k ≥ 3 classes (MNLI): both systems' k×k confusion matrices rebuilt on the same
/// resamples of the examples, seeds pooled as <see cref="PairedBootstrap"/> pools them, and the differences of accuracy,
/// macro-F1 and the multi-class MCC read with the same interval and shift-method p-value.
/// </summary>
public sealed record ClassBootstrap(int Examples, int Resamples, int Seed, BootstrapDifference Accuracy, BootstrapDifference MacroF1, BootstrapDifference Mcc)
{
    /// <param name="pairings">Per seed: the true classes and the two systems' predicted classes on the same examples.</param>
    public static ClassBootstrap Run(
        IReadOnlyList<PairedClasses> pairings, int classCount,
        int resamples = PairedBootstrap.DefaultResamples, int seed = PairedBootstrap.DefaultSeed)
    {
        if (pairings.Count == 0 || pairings[0].Count == 0)
        {
            throw new ArgumentException("The bootstrap needs at least one pairing with at least one example.", nameof(pairings));
        }

        PairedBootstrap.CheckResamples(resamples);
        var n = pairings[0].Count;
        if (pairings.FirstOrDefault(p => p.Count != n) is { } odd)
        {
            throw new ArgumentException($"The pairings cover {n} and {odd.Count} examples; all must share the same examples.", nameof(pairings));
        }

        // Cell of a decision: row (true class) × k + column (predicted class), the matrix read row by row.
        IReadOnlyList<int> Cells(IReadOnlyList<int> decisions, IReadOnlyList<int> labels) =>
            [.. labels.Zip(decisions, (label, predicted) => Cell(label, predicted, classCount))];

        (double Accuracy, double MacroF1, double Mcc) Differences(long[] first, long[] second)
        {
            ClassConfusion a = Matrix(first, classCount), b = Matrix(second, classCount);
            return (a.Accuracy - b.Accuracy, a.MacroF1 - b.MacroF1, a.Mcc - b.Mcc);
        }

        var (observed, samples) = PairedResampling.Run(
            [.. pairings.Select(p => Cells(p.First, p.Labels))], [.. pairings.Select(p => Cells(p.Second, p.Labels))],
            classCount * classCount, resamples, seed, Differences);
        return new ClassBootstrap(n, resamples, seed,
            BootstrapDifference.Of(observed.Accuracy, samples.Select(s => s.Accuracy)),
            BootstrapDifference.Of(observed.MacroF1, samples.Select(s => s.MacroF1)),
            BootstrapDifference.Of(observed.Mcc, samples.Select(s => s.Mcc)));
    }

    private static int Cell(int label, int predicted, int classCount) =>
        label >= 0 && label < classCount && predicted >= 0 && predicted < classCount
            ? label * classCount + predicted
            : throw new ArgumentException($"Label {label} and prediction {predicted}; classes are 0 to {classCount - 1}.");

    private static ClassConfusion Matrix(long[] cells, int classCount) =>
        new() { Rows = [.. Enumerable.Range(0, classCount).Select(row => cells[(row * classCount)..((row + 1) * classCount)])] };
}

/// <summary>One seed's true classes and two systems' predicted classes on the same examples.</summary>
public sealed record PairedClasses
{
    public PairedClasses(IReadOnlyList<int> labels, IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        if (first.Count != labels.Count || second.Count != labels.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {first.Count} and {second.Count} decisions; pairs need the same examples.");
        }

        (Labels, First, Second) = (labels, first, second);
    }

    public IReadOnlyList<int> Labels { get; }

    public IReadOnlyList<int> First { get; }

    public IReadOnlyList<int> Second { get; }

    public int Count => Labels.Count;
}
