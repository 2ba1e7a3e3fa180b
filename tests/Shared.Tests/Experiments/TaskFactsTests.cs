using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Tests.Experiments;

/// <summary>The custom task takes its shape from its spec: one text or two, 0/1, named classes or a score.</summary>
public sealed class TaskFactsTests
{
    private static readonly DatasetSpec Pair = new() { Task = TaskKind.Custom, TextAColumn = "a", TextBColumn = "b", LabelColumn = "label" };

    [Fact]
    public void An_old_custom_spec_is_still_a_two_class_pair_of_different_and_same()
    {
        var facts = TaskFacts.For(Pair);

        Assert.Equal(Shape(TaskFacts.For(TaskKind.Custom)), Shape(facts));
        Assert.Equal(["different", "same"], facts.ClassNames);
        Assert.Equal((2, true, false), (facts.Outputs, facts.IsTwoClassPair, facts.IsRegression));
        Assert.Equal([TaskMetric.Accuracy, TaskMetric.F1], facts.OfficialMetrics);
    }

    [Fact]
    public void A_custom_spec_without_a_second_column_is_a_single_text_task_with_two_classes()
    {
        var facts = TaskFacts.For(Pair with { TextBColumn = "" });

        Assert.True(facts.SingleText);
        Assert.Equal((2, false, false), (facts.Outputs, facts.IsTwoClassPair, facts.IsRegression));
    }

    [Fact]
    public void A_custom_spec_with_three_class_names_has_three_outputs_and_is_scored_by_accuracy()
    {
        var facts = TaskFacts.For(Pair with { LabelNames = ["entails", "unsure", "contradicts"] });

        Assert.Equal(["entails", "unsure", "contradicts"], facts.ClassNames);
        Assert.Equal((3, false, false), (facts.Outputs, facts.IsTwoClassPair, facts.IsRegression));
        Assert.Equal([TaskMetric.Accuracy], facts.OfficialMetrics);
    }

    [Fact]
    public void A_custom_regression_has_one_output_and_is_scored_by_pearson_and_spearman()
    {
        var facts = TaskFacts.For(Pair with { TextBColumn = "", Regression = true });

        Assert.Equal((1, false, true, true), (facts.Outputs, facts.IsTwoClassPair, facts.IsRegression, facts.SingleText));
        Assert.Equal([TaskMetric.Pearson, TaskMetric.Spearman], facts.OfficialMetrics);
    }

    [Fact]
    public void A_glue_task_ignores_the_custom_fields_of_its_spec()
    {
        Assert.All(TaskFacts.Glue, task =>
            Assert.Equal(Shape(TaskFacts.For(task)), Shape(TaskFacts.For(new DatasetSpec { Task = task, LabelNames = ["x", "y", "z"], Regression = true }))));
    }

    /// <summary>The facts as comparable text (their lists compare by reference).</summary>
    private static string Shape(TaskFacts facts) =>
        $"{facts.Title} · {facts.SingleText} · {string.Join(",", facts.ClassNames)} · {string.Join(",", facts.OfficialMetrics)}";
}
