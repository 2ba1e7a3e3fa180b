namespace LabPortal.Shared.Metrics;

/// <summary>
/// The GLUE score as the official leaderboard computes it: a task with several official metrics scores their unweighted
/// mean (MRPC and QQP: F1 and accuracy; STS-B: Pearson and Spearman), and the GLUE score is the unweighted mean of the
/// task scores, so small tasks weigh as much as large ones. Which metrics a task has is the caller's to say; this type
/// knows no task. Scale-free: metrics in [0, 1] give a score in [0, 1], percentages a percentage.
/// </summary>
public static class GlueScore
{
    /// <summary>One task's score: the mean of its official metrics.</summary>
    public static double TaskScore(IReadOnlyList<double> officialMetrics) => Mean(officialMetrics, nameof(officialMetrics), "task score", "official metric");

    /// <summary>The GLUE score: the mean of the task scores.</summary>
    public static double Average(IReadOnlyList<double> taskScores) => Mean(taskScores, nameof(taskScores), "GLUE average", "task score");

    // A mean of nothing, or with NaN in it, would print as a number nobody measured: refuse it instead.
    private static double Mean(IReadOnlyList<double> values, string name, string result, string item)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException($"A {result} needs at least one {item}; {name} is empty.", name);
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; a {result} needs finite values.", name);
            }
        }

        return values.Average();
    }
}
