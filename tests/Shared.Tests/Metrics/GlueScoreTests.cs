using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class GlueScoreTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void A_task_with_two_official_metrics_scores_their_mean()
    {
        // MRPC F1 88.9 and accuracy 84.8 → (88.9 + 84.8) / 2 = 86.85.
        Assert.Equal(86.85, GlueScore.TaskScore([88.9, 84.8]), Tolerance);
        Assert.Equal(52.1, GlueScore.TaskScore([52.1]), Tolerance);
    }

    [Fact]
    public void The_average_reproduces_bert_base_on_the_glue_leaderboard()
    {
        // BERT-base's GLUE test results, as the leaderboard lists them (score 78.3):
        // CoLA 52.1; SST-2 93.5; MRPC 88.9/84.8 → 86.85; STS-B 87.1/85.8 → 86.45; QQP 71.2/89.2 → 80.2;
        // MNLI-m/mm 84.6/83.4 → 84.0; QNLI 90.5; RTE 66.4; WNLI 65.1 (the diagnostic AX is not averaged).
        // Sum 52.1 + 93.5 + 86.85 + 86.45 + 80.2 + 84.0 + 90.5 + 66.4 + 65.1 = 705.1; 705.1 / 9 = 78.3444… → 78.3.
        double[] tasks =
        [
            GlueScore.TaskScore([52.1]),
            GlueScore.TaskScore([93.5]),
            GlueScore.TaskScore([88.9, 84.8]),
            GlueScore.TaskScore([87.1, 85.8]),
            GlueScore.TaskScore([71.2, 89.2]),
            GlueScore.TaskScore([84.6, 83.4]),
            GlueScore.TaskScore([90.5]),
            GlueScore.TaskScore([66.4]),
            GlueScore.TaskScore([65.1]),
        ];

        var average = GlueScore.Average(tasks);

        Assert.Equal(705.1 / 9, average, Tolerance);
        Assert.Equal(78.3, Math.Round(average, 1));
    }

    [Fact]
    public void Tasks_weigh_the_same_however_many_metrics_they_have()
    {
        // Task A: metrics 0.9 and 0.5 → 0.7; task B: 0.4. Unweighted over tasks: (0.7 + 0.4) / 2 = 0.55,
        // not the mean over all three metrics (0.9 + 0.5 + 0.4) / 3 = 0.6.
        var average = GlueScore.Average([GlueScore.TaskScore([0.9, 0.5]), GlueScore.TaskScore([0.4])]);

        Assert.Equal(0.55, average, Tolerance);
    }

    [Fact]
    public void Empty_input_is_refused_by_name()
    {
        Assert.Equal("officialMetrics", Assert.Throws<ArgumentException>(() => GlueScore.TaskScore([])).ParamName);
        Assert.Equal("taskScores", Assert.Throws<ArgumentException>(() => GlueScore.Average([])).ParamName);
    }

    [Fact]
    public void A_value_that_is_not_finite_is_refused_by_position()
    {
        var error = Assert.Throws<ArgumentException>(() => GlueScore.Average([80, double.NaN]));

        Assert.Contains("taskScores[1] is NaN", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GlueScore.TaskScore([double.NegativeInfinity]));
    }
}
