using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Runs;

/// <summary>What progress reports and completions must satisfy before the portal stores them.</summary>
public static class ProgressReportRules
{
    /// <summary>The agent sends 20 at a time; a batch this big is a fault, refused before anything is stored.</summary>
    public const int MaxReportsPerBatch = 500;

    public static void Check(ProgressBatch batch)
    {
        if (batch.Reports.Count > MaxReportsPerBatch)
        {
            throw new AgentReportRejectedException(
                $"Run {batch.RunId}: {batch.Reports.Count} progress reports in one batch; at most {MaxReportsPerBatch}.");
        }

        foreach (var report in batch.Reports)
        {
            Check(report, batch.RunId);
        }
    }

    public static void Check(ProgressReport report, int runId)
    {
        string? problem = report switch
        {
            null => "the report is empty",
            { Sequence: < 1 } => $"sequence {report.Sequence} is below 1",
            { Step: < 0 } => $"step {report.Step} is negative",
            { TotalSteps: < 0 } => $"total steps {report.TotalSteps} is negative",
            _ when report.Step > report.TotalSteps => $"step {report.Step} is beyond the total of {report.TotalSteps}",
            _ when !IsFiniteOrNull(report.Loss) => "the loss is not a finite number",
            _ when !IsFiniteOrNull(report.ExamplesPerSecond) => "the throughput is not a finite number",
            _ when !IsFiniteOrNull(report.LearningRate) || !IsFiniteOrNull(report.LearningRateA) || !IsFiniteOrNull(report.LearningRateB) =>
                "a learning rate is not a finite number",
            _ when !double.IsFinite(report.Epoch) || report.Epoch < 0 => $"epoch {report.Epoch} is not a non-negative number",
            _ => CountsProblem(report.Evaluation)
                ?? CountsProblem(report.Matching)?.Replace("the evaluation", "the S_match evaluation", StringComparison.Ordinal)
                ?? RegressionProblem(report.Regression)
                ?? AdaptersProblem(report.Adapters),
        };
        if (problem is not null)
        {
            throw new AgentReportRejectedException($"Run {runId}: report {report?.Sequence} refused: {problem}.");
        }
    }

    /// <summary>A completion's numbers are shown and compared as they are: nonsense there is refused, not stored.</summary>
    public static void Check(RunCompletion completion)
    {
        var outcome = completion.Outcome;
        var problem = CountsProblem(outcome.Evaluation)
            ?? RegressionProblem(outcome.Regression)
            ?? (outcome.ClassifierEvaluation is { } classifier ? CountsProblem(classifier)?.Replace("the evaluation", "the classifier evaluation", StringComparison.Ordinal) : null)
            ?? outcome switch
            {
                { Steps: < 0 } => $"steps {outcome.Steps} is negative",
                _ when !double.IsFinite(outcome.TrainSeconds) || outcome.TrainSeconds < 0 => $"the training time {outcome.TrainSeconds} s is not a non-negative number",
                { TrainableParameters: < 0 } or { TotalParameters: < 0 } => "a parameter count is negative",
                _ when !IsWeightOrNull(outcome.MatchingGamma) || !IsWeightOrNull(outcome.MatchingDelta) =>
                    $"C3's γ {outcome.MatchingGamma} or δ {outcome.MatchingDelta} is not between 0 and 1",
                _ => null,
            };
        if (problem is not null)
        {
            throw new AgentReportRejectedException($"Run {completion.RunId}: completion refused: {problem}.");
        }
    }

    private static string? RegressionProblem(RegressionScores? scores) => scores switch
    {
        null => null,
        _ when !(scores.Pearson is >= -1 and <= 1) || !(scores.Spearman is >= -1 and <= 1) =>
            $"the correlations (Pearson {scores.Pearson}, Spearman {scores.Spearman}) are not between -1 and 1",
        _ when !double.IsFinite(scores.MeanSquaredError) || scores.MeanSquaredError < 0 || scores.Count < 0 =>
            $"the squared error {scores.MeanSquaredError} or the count {scores.Count} is not a non-negative number",
        _ => null,
    };

    private static string? CountsProblem(ConfusionCounts? counts) => counts switch
    {
        null => null,
        { TruePositives: < 0 } or { FalsePositives: < 0 } or { TrueNegatives: < 0 } or { FalseNegatives: < 0 } =>
            $"the evaluation counts (TP {counts.TruePositives}, FP {counts.FalsePositives}, TN {counts.TrueNegatives}, FN {counts.FalseNegatives}) include a negative one",
        { Classes: { } classes } when classes.ClassCount < 3 || !classes.Square =>
            $"the class confusion matrix is not square with at least 3 classes ({classes.ClassCount} rows)",
        { Classes.Rows: var rows } when rows.Any(r => r.Any(n => n < 0)) => "the class confusion matrix has a negative count",
        _ => null,
    };

    private static string? AdaptersProblem(IReadOnlyList<AdapterNorm>? adapters) => adapters switch
    {
        null => null,
        { Count: > AdapterNorm.MaxLayers } => $"{adapters.Count} adapter norms; at most {AdapterNorm.MaxLayers}",
        _ => adapters.Select(AdapterProblem).FirstOrDefault(problem => problem is not null),
    };

    private static string? AdapterProblem(AdapterNorm? norm) => norm switch
    {
        null => "an adapter norm is empty",
        { Layer: null or "" } => "an adapter norm names no layer",
        { Layer.Length: > 300 } => "an adapter's layer name is longer than 300 characters",
        _ when !IsNonNegativeOrNull(norm.A) || !IsNonNegativeOrNull(norm.B) || !IsNonNegativeOrNull(norm.Update) =>
            $"layer {norm.Layer}'s adapter norms are not non-negative finite numbers",
        _ => null,
    };

    private static bool IsNonNegativeOrNull(double? value) => value is null || (double.IsFinite(value.Value) && value.Value >= 0);

    private static bool IsFiniteOrNull(double? value) => value is null || double.IsFinite(value.Value);

    private static bool IsWeightOrNull(double? value) => value is null or (>= 0 and <= 1);
}
