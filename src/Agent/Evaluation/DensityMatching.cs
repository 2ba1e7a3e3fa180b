namespace LabPortal.Agent.Evaluation;

/// <summary>
/// C3's decision rule: <c>S_match = (γ·w_s + (1 − γ)·d)·S_cls + δ·S_loc</c>, "duplicate" iff S_match ≥ τ,
/// with τ chosen on the training split to maximise F1 (never on the evaluation split).
/// </summary>
public sealed record DensityMatching(double Gamma, double Delta)
{
    public double Score(double classifierProbability, MatchFeatures features) =>
        (((Gamma * features.LengthBalance) + ((1 - Gamma) * features.Density)) * classifierProbability)
        + (Delta * features.Alignment);
}
