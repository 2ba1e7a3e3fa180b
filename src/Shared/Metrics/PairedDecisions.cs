namespace LabPortal.Shared.Metrics;

/// <summary>Two systems' decisions on the same labelled examples, in the same order (for example one seed of two variants).</summary>
public sealed record PairedDecisions
{
    public PairedDecisions(IReadOnlyList<bool> labels, IReadOnlyList<bool> first, IReadOnlyList<bool> second)
    {
        if (first.Count != labels.Count || second.Count != labels.Count)
        {
            throw new ArgumentException(
                $"{labels.Count} labels but {first.Count} and {second.Count} decisions; pairs need the same examples.");
        }

        Labels = labels;
        First = first;
        Second = second;
    }

    public IReadOnlyList<bool> Labels { get; }

    public IReadOnlyList<bool> First { get; }

    public IReadOnlyList<bool> Second { get; }

    public int Count => Labels.Count;
}
