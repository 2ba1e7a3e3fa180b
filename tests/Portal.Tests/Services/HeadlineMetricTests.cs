using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Tests.Services;

public sealed class HeadlineMetricTests
{
    [Theory]
    [InlineData("qqp", "Accuracy")]
    [InlineData("mrpc", "Accuracy")]
    [InlineData("cola", "MCC")]
    [InlineData("stsb", "Pearson")]
    public void The_chart_shows_accuracy_unless_the_task_is_officially_scored_otherwise(string task, string metric) =>
        Assert.Equal(metric, HeadlineMetric.Of([new RunRecord { Task = task }, new RunRecord { Task = task }]).Name);

    [Fact]
    public void A_mix_of_tasks_keeps_accuracy_so_every_bar_shares_one_scale() =>
        Assert.Equal("Accuracy", HeadlineMetric.Of([new RunRecord { Task = "cola" }, new RunRecord { Task = "stsb" }]).Name);
}
