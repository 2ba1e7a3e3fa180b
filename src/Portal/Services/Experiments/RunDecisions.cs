namespace LabPortal.Portal.Services.Experiments;

/// <summary>A run's final decision and the label of each validation pair, in file order (from its predictions.tsv).</summary>
public sealed record RunDecisions(IReadOnlyList<bool> Labels, IReadOnlyList<bool> Predicted)
{
    public IReadOnlyList<bool> Correct => Labels.Zip(Predicted, (label, predicted) => label == predicted).ToList();
}
