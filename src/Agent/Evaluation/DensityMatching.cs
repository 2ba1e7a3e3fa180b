using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Evaluation;

/// <summary>
/// C3's decision rule: <c>S_match = (γ·w_s + (1 − γ)·d)·S_cls + δ·S_loc</c>, "duplicate" iff S_match ≥ τ,
/// with τ chosen on held-out training pairs to maximise F1 (never on the evaluation split).
/// </summary>
public sealed record DensityMatching(double Gamma, double Delta)
{
    /// <summary>The γ values tried when the spec leaves γ empty: from density only (0) to length balance only (1).</summary>
    private static readonly IReadOnlyList<double> GammaGrid = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>The δ values tried when the spec leaves δ empty: from no alignment term (0) to a full one (1).</summary>
    private static readonly IReadOnlyList<double> DeltaGrid = [0, 0.05, 0.1, 0.2, 0.5, 1];

    /// <summary>True when the method decides with C3 (enhanced LoRA with the matching score on).</summary>
    public static bool IsOn(MethodSpec method) => method.Kind == MethodKind.EnhancedLora && method.DensityMatching;

    public double Score(double classifierProbability, MatchFeatures features) =>
        (((Gamma * features.LengthBalance) + ((1 - Gamma) * features.Density)) * classifierProbability)
        + (Delta * features.Alignment);

    /// <summary>
    /// Chooses τ, and γ and δ where the spec leaves them empty, on <paramref name="held"/> (held-out training pairs,
    /// scored with match features): the rule whose best-F1 τ reaches the highest F1 there (the first on the grid on
    /// ties). Then decides the <paramref name="validation"/> pairs by S_match ≥ τ with that rule.
    /// </summary>
    public static MatchingDecision Decide(MethodSpec method, EvaluationResult held, EvaluationResult validation)
    {
        var labels = held.Examples.Select(e => e.Label).ToList();
        var (rule, choice) = Candidates(method)
            .Select(rule => (rule, choice: ThresholdSearch.BestF1Choice(held.Examples.Select(e => rule.Score(e.Probability, e.Features!)).ToList(), labels)))
            .MaxBy(c => c.choice.Value);
        var counts = ConfusionCounts.From(
            validation.Examples.Select(e => rule.Score(e.Probability, e.Features!) >= choice.Threshold).ToList(),
            validation.Examples.Select(e => e.Label).ToList());
        return new MatchingDecision(counts, choice.Threshold, rule);
    }

    private static IEnumerable<DensityMatching> Candidates(MethodSpec method) =>
        from gamma in method.Gamma is { } fixedGamma ? [fixedGamma] : GammaGrid
        from delta in method.Delta is { } fixedDelta ? [fixedDelta] : DeltaGrid
        select new DensityMatching(gamma, delta);
}
