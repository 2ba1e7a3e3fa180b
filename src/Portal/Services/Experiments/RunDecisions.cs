namespace LabPortal.Portal.Services.Experiments;

/// <summary>
/// A run's final decision and the label of each validation example, in file order (from its predictions.tsv), as
/// class numbers: 0/1 for two classes (1 = duplicate / paraphrase), 0 to k−1 for k classes.
/// </summary>
public sealed record RunDecisions(IReadOnlyList<int> Labels, IReadOnlyList<int> Predicted)
{
    public IReadOnlyList<bool> Correct => Labels.Zip(Predicted, (label, predicted) => label == predicted).ToList();

    /// <summary>Whether every label and decision is 0 or 1, so the binary metrics (and their bootstrap) apply.</summary>
    public bool IsBinary => Labels.Concat(Predicted).All(c => c is 0 or 1);

    public IReadOnlyList<bool> PositiveLabels => Labels.Select(c => c == 1).ToList();

    public IReadOnlyList<bool> PositivePredictions => Predicted.Select(c => c == 1).ToList();
}
