namespace LabPortal.Agent.Evaluation;

/// <summary>
/// One scored example: the classifier's probability of "duplicate" (zero-shot: the cosine of the two embeddings), the
/// label, and C3's features when asked for. <see cref="Threshold"/> is set where a chosen threshold decides (zero-shot).
/// With three or more classes (MNLI) <see cref="Classes"/> holds the label and the argmax, and the probability is the
/// predicted class's.
/// </summary>
public sealed record ExampleScore(double Probability, bool Label, MatchFeatures? Features, double? Threshold = null)
{
    /// <summary>The true and the predicted class of a k-class task; null for two classes.</summary>
    public (int Actual, int Predicted)? Classes { get; init; }

    /// <summary>The gold and the predicted score of a regression task (STS-B); null for classes.</summary>
    public (double Actual, double Predicted)? Regression { get; init; }

    /// <summary>The decision: score ≥ threshold where one was chosen, else the classifier's argmax (more likely than not).</summary>
    public bool PredictedPositive => Threshold is { } threshold ? Probability >= threshold : Probability > 0.5;
}
