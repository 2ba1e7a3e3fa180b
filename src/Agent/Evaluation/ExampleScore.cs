namespace LabPortal.Agent.Evaluation;

/// <summary>
/// One scored example: the classifier's probability of "duplicate" (zero-shot: the cosine of the two embeddings), the
/// label, and C3's features when asked for. <see cref="Threshold"/> is set where a chosen threshold decides (zero-shot).
/// </summary>
public sealed record ExampleScore(double Probability, bool Label, MatchFeatures? Features, double? Threshold = null)
{
    /// <summary>The decision: score ≥ threshold where one was chosen, else the classifier's argmax (more likely than not).</summary>
    public bool PredictedPositive => Threshold is { } threshold ? Probability >= threshold : Probability > 0.5;
}
