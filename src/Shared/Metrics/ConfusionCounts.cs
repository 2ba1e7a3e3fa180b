namespace LabPortal.Shared.Metrics;

/// <summary>
/// A binary confusion matrix (positive class = duplicate / paraphrase) and the metrics derived from it.
/// Degenerate matrices give defined values, never NaN: a ratio whose denominator is zero is 0
/// (scikit-learn's zero_division=0), and MCC is 0 when any marginal is empty.
/// </summary>
public sealed record ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public static ConfusionCounts Empty { get; } = new(0, 0, 0, 0);

    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>F1 of the positive class: 2·TP / (2·TP + FP + FN).</summary>
    public double F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Matthews correlation coefficient in [-1, 1].</summary>
    public double Mcc
    {
        get
        {
            double tp = TruePositives, fp = FalsePositives, tn = TrueNegatives, fn = FalseNegatives;
            // Each factor is a marginal; if one is empty the correlation is undefined and reported as 0.
            var denominator = Math.Sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
            return denominator == 0 ? 0 : ((tp * tn) - (fp * fn)) / denominator;
        }
    }

    /// <summary>Builds the matrix from parallel arrays of decisions and labels.</summary>
    public static ConfusionCounts From(IReadOnlyList<bool> predicted, IReadOnlyList<bool> actual)
    {
        if (predicted.Count != actual.Count)
        {
            throw new ArgumentException($"{predicted.Count} predictions but {actual.Count} labels.", nameof(predicted));
        }

        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < predicted.Count; i++)
        {
            switch (predicted[i], actual[i])
            {
                case (true, true): tp++; break;
                case (true, false): fp++; break;
                case (false, false): tn++; break;
                case (false, true): fn++; break;
            }
        }

        return new ConfusionCounts(tp, fp, tn, fn);
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;
}
