using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Evaluation;

/// <summary>
/// C3's decision rule: <c>S_match = (γ·w_s + (1 − γ)·d)·S_cls + δ·S_loc</c>, "duplicate" iff S_match ≥ τ,
/// with τ chosen on held-out training pairs to maximise F1 (never on the evaluation split).
/// </summary>
public sealed record DensityMatching(double Gamma, double Delta)
{
    /// <summary>C3's rule when the method has it on (enhanced LoRA with the matching score), else null.</summary>
    public static DensityMatching? Of(MethodSpec method) =>
        method.Kind == MethodKind.EnhancedLora && method.DensityMatching ? new DensityMatching(method.Gamma, method.Delta) : null;

    public double Score(double classifierProbability, MatchFeatures features) =>
        (((Gamma * features.LengthBalance) + ((1 - Gamma) * features.Density)) * classifierProbability)
        + (Delta * features.Alignment);

    /// <summary>
    /// Chooses τ on <paramref name="held"/> (held-out training pairs, scored with match features), then decides the
    /// <paramref name="validation"/> pairs by S_match ≥ τ.
    /// </summary>
    public MatchingDecision Decide(EvaluationResult held, EvaluationResult validation)
    {
        var threshold = ThresholdSearch.BestF1(
            held.Examples.Select(e => Score(e.Probability, e.Features!)).ToList(),
            held.Examples.Select(e => e.Label).ToList());
        var counts = ConfusionCounts.From(
            validation.Examples.Select(e => Score(e.Probability, e.Features!) >= threshold).ToList(),
            validation.Examples.Select(e => e.Label).ToList());
        return new MatchingDecision(counts, threshold);
    }
}
