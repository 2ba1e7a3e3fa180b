namespace LabPortal.Portal.Services.Experiments;

/// <summary>
/// A run's final decision and the label of each validation example, in file order (from its predictions.tsv): class
/// numbers (0/1 for two classes, 1 = duplicate / paraphrase; 0 to k−1 for k), or for a regression task (STS-B,
/// <see cref="Scores"/>) the predicted and the gold score.
/// </summary>
public sealed record RunDecisions(IReadOnlyList<double> Labels, IReadOnlyList<double> Predicted, bool Scores = false)
{
    /// <summary>Whether each class decision was right; scores have no right or wrong, so McNemar does not apply.</summary>
    public IReadOnlyList<bool> Correct => Labels.Zip(Predicted, (label, predicted) => label == predicted).ToList();

    /// <summary>Whether every label and decision is class 0 or 1, so the binary metrics (and their bootstrap) apply.</summary>
    public bool IsBinary => !Scores && Labels.Concat(Predicted).All(c => c is 0 or 1);

    public IReadOnlyList<bool> PositiveLabels => Labels.Select(c => c == 1).ToList();

    public IReadOnlyList<bool> PositivePredictions => Predicted.Select(c => c == 1).ToList();

    public IReadOnlyList<int> LabelClasses => Labels.Select(c => (int)c).ToList();

    public IReadOnlyList<int> PredictedClasses => Predicted.Select(c => (int)c).ToList();

    /// <summary>How many classes these decisions and another run's on the same examples span (the highest index + 1).</summary>
    public int ClassCount(RunDecisions other) => (int)Labels.Concat(Predicted).Concat(other.Predicted).Max() + 1;
}
