namespace LabPortal.Shared.Metrics;

/// <summary>
/// A regression task's scores (STS-B: predicted similarity against gold 0–5): GLUE's Pearson and Spearman, and the mean
/// squared error, which the correlations cannot show (a model off by a constant or a scale still correlates perfectly).
/// </summary>
public sealed record RegressionScores(double Pearson, double Spearman, double MeanSquaredError, int Count)
{
    /// <summary>Scores parallel predictions and gold values; the lists must pair up, hold at least 2 items and be finite.</summary>
    public static RegressionScores From(IReadOnlyList<double> predicted, IReadOnlyList<double> actual)
    {
        Correlation.CheckPairs(predicted, actual);
        var meanSquaredError = predicted.Zip(actual, (p, a) => (p - a) * (p - a)).Average();
        return new RegressionScores(Correlation.Pearson(predicted, actual), Correlation.Spearman(predicted, actual), meanSquaredError, predicted.Count);
    }
}
