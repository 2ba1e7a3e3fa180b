namespace LabPortal.Agent.Evaluation;

/// <summary>One scored example: the classifier's probability of "duplicate", the label, and C3's features when asked for.</summary>
public sealed record ExampleScore(double Probability, bool Label, MatchFeatures? Features)
{
    /// <summary>The classifier's own decision (class 1 wins only when it is more likely, as argmax decides).</summary>
    public bool PredictedPositive => Probability > 0.5;
}
