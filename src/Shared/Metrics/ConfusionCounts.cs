namespace LabPortal.Shared.Metrics;

/// <summary>
/// A binary confusion matrix (positive class = class 1: duplicate / paraphrase) and the metrics derived from it; for
/// a task of three or more classes (MNLI) the k×k matrix in <see cref="Classes"/> instead, whose accuracy, macro-F1
/// and multi-class MCC then stand in for the binary ones, so every table reads one type.
/// Degenerate matrices give defined values, never NaN: a ratio whose denominator is zero is 0
/// (scikit-learn's zero_division=0), and MCC is 0 when any marginal is empty.
/// </summary>
public sealed record ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public static ConfusionCounts Empty { get; } = new(0, 0, 0, 0);

    /// <summary>The k×k matrix of a task with three or more classes (the binary cells are then 0); null for two classes.</summary>
    public ClassConfusion? Classes { get; init; }

    public static ConfusionCounts Of(ClassConfusion classes) => Empty with { Classes = classes };

    public long Total => Classes?.Total ?? TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public double Accuracy => Classes?.Accuracy ?? Ratio(TruePositives + TrueNegatives, Total);

    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>F1 of the positive class: 2·TP / (2·TP + FP + FN); with k classes, the macro-F1.</summary>
    public double F1 => Classes?.MacroF1 ?? Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Matthews correlation coefficient in [-1, 1] (with k classes, Gorodkin's R_K).</summary>
    public double Mcc
    {
        get
        {
            if (Classes is { } classes)
            {
                return classes.Mcc;
            }

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
