using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Evaluation;

/// <summary>Chooses the decision threshold τ that maximises F1 (C3's τ) or accuracy (zero-shot's) of "score ≥ τ" on labelled scores.</summary>
public static class ThresholdSearch
{
    /// <summary>The best-F1 threshold among the observed scores and the F1 it reaches (ties: the higher τ, which predicts fewer positives).</summary>
    public static ThresholdChoice BestF1Choice(IReadOnlyList<double> scores, IReadOnlyList<bool> labels) => Best(scores, labels, counts => counts.F1);

    /// <summary>The threshold with the most right decisions (ties: the higher τ).</summary>
    public static double BestAccuracy(IReadOnlyList<double> scores, IReadOnlyList<bool> labels) => Best(scores, labels, counts => counts.Accuracy).Threshold;

    private static ThresholdChoice Best(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, Func<ConfusionCounts, double> criterion)
    {
        if (scores.Count == 0 || scores.Count != labels.Count)
        {
            throw new ArgumentException($"Need as many labels as scores, and at least one ({scores.Count} scores, {labels.Count} labels).");
        }

        // Walk the scores from high to low: lowering τ to each next distinct score turns that group positive.
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var positives = labels.Count(l => l);
        long truePositives = 0, falsePositives = 0;
        var bestValue = double.NegativeInfinity;
        var best = scores[order[0]];
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]])
            {
                truePositives++;
            }
            else
            {
                falsePositives++;
            }

            var lastOfGroup = k == order.Length - 1 || scores[order[k + 1]] < scores[order[k]];
            if (!lastOfGroup)
            {
                continue;
            }

            var value = criterion(new ConfusionCounts(truePositives, falsePositives, labels.Count - positives - falsePositives, positives - truePositives));
            if (value > bestValue)
            {
                (bestValue, best) = (value, scores[order[k]]);
            }
        }

        return new ThresholdChoice(best, bestValue);
    }
}

/// <summary>A chosen threshold τ and the criterion's value (F1 or accuracy) at it on the scores it was chosen on.</summary>
public readonly record struct ThresholdChoice(double Threshold, double Value);
