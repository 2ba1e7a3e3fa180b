using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class ClassBootstrapTests
{
    [Fact]
    public void Identical_three_class_predictions_differ_by_zero_with_p_one()
    {
        var labels = Classes(150, i => i % 3);
        var predicted = Classes(150, i => i % 5 == 0 ? (i + 1) % 3 : i % 3);

        var result = ClassBootstrap.Run([new PairedClasses(labels, predicted, predicted)], classCount: 3, resamples: 500);

        foreach (var difference in new[] { result.Accuracy, result.MacroF1, result.Mcc })
        {
            Assert.Equal(new BootstrapDifference(0, 0, 0, 1), difference);
        }
    }

    [Fact]
    public void A_clearly_better_three_class_system_has_intervals_above_zero_and_the_observed_differences_of_its_matrices()
    {
        // 300 examples of 3 classes: the first system misses every 10th, the second every 10th and the 3 after it.
        var labels = Classes(300, i => i % 3);
        var first = Classes(300, i => i % 10 == 0 ? (i + 1) % 3 : i % 3);
        var second = Classes(300, i => i % 10 < 4 ? (i + 2) % 3 : i % 3);

        var result = ClassBootstrap.Run([new PairedClasses(labels, first, second)], classCount: 3, resamples: 2000);

        var (a, b) = (ClassConfusion.From(first, labels, 3), ClassConfusion.From(second, labels, 3));
        Assert.Equal(0.3, result.Accuracy.Observed, 12);
        Assert.Equal(a.MacroF1 - b.MacroF1, result.MacroF1.Observed, 12);
        Assert.Equal(a.Mcc - b.Mcc, result.Mcc.Observed, 12);
        Assert.True(result.Accuracy.Low > 0.2 && result.Accuracy.High < 0.4, $"{result.Accuracy}");
        Assert.True(result.MacroF1.ExcludesZero && result.Mcc.ExcludesZero);
        Assert.Equal(1.0 / 2001, result.Accuracy.PValue, 12);
    }

    [Fact]
    public void With_two_classes_it_agrees_with_the_binary_bootstrap_on_accuracy_and_mcc()
    {
        var labels = Classes(250, i => i % 3 == 0 ? 1 : 0);
        var first = Classes(250, i => i % 7 == 0 ? 1 - (i % 3 == 0 ? 1 : 0) : i % 3 == 0 ? 1 : 0);
        var second = Classes(250, i => i % 4 == 0 ? 1 : 0);
        var seedTwo = (Labels: labels, First: second, Second: first);

        var classes = ClassBootstrap.Run([new PairedClasses(labels, first, second), new PairedClasses(seedTwo.Labels, seedTwo.First, seedTwo.Second)], classCount: 2, resamples: 1000);
        var binary = PairedBootstrap.Run([Binary(labels, first, second), Binary(seedTwo.Labels, seedTwo.First, seedTwo.Second)], resamples: 1000);

        Assert.Equal(binary.Accuracy, classes.Accuracy);
        Assert.Equal(binary.Mcc.Observed, classes.Mcc.Observed, 12);
        Assert.Equal(binary.Mcc.Low, classes.Mcc.Low, 12);
        Assert.Equal(binary.Mcc.High, classes.Mcc.High, 12);
    }

    [Fact]
    public void A_class_outside_the_task_or_a_short_pairing_is_refused_with_what_is_wrong()
    {
        var labels = Classes(4, i => i % 3);

        var outside = Assert.Throws<ArgumentException>(() => ClassBootstrap.Run([new PairedClasses(labels, [0, 1, 3, 0], labels)], classCount: 3, resamples: 10));
        Assert.Contains("prediction 3; classes are 0 to 2", outside.Message);
        var shorter = Assert.Throws<ArgumentException>(() => ClassBootstrap.Run([new PairedClasses(labels, labels, labels), new PairedClasses([0], [0], [0])], classCount: 3, resamples: 10));
        Assert.Contains("4 and 1 examples", shorter.Message);
    }

    private static int[] Classes(int count, Func<int, int> classOf) => [.. Enumerable.Range(0, count).Select(classOf)];

    private static PairedDecisions Binary(int[] labels, int[] first, int[] second) =>
        new([.. labels.Select(c => c == 1)], [.. first.Select(c => c == 1)], [.. second.Select(c => c == 1)]);
}
