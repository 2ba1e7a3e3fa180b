using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Metrics;

namespace LabPortal.Portal.Tests.Services;

public sealed class RunHistorySortEdgeTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void A_result_on_no_pairs_sorts_without_failing_the_page()
    {
        var empty = _lab.QueueRun("empty validation");
        var good = _lab.QueueRun("good");
        var none = _lab.QueueRun("no result");
        SetResult(empty, ConfusionCounts.Empty);
        SetResult(good, new ConfusionCounts(5, 1, 4, 0));

        var byAccuracy = _lab.History.Find(new HistoryFilter(), HistorySort.Accuracy, descending: true, skip: 0, take: 10);
        var byF1 = _lab.History.Find(new HistoryFilter(), HistorySort.F1, descending: true, skip: 0, take: 10);

        Assert.Equal(good, byAccuracy.Runs[0].Id);
        Assert.Equal(good, byF1.Runs[0].Id);
        Assert.Equal([empty, none], byAccuracy.Runs.Skip(1).Select(r => r.Id).Order());
    }

    private void SetResult(int runId, ConfusionCounts counts) => _lab.Runs.Update(runId, run =>
    {
        run.Evaluation = counts;
        return true;
    });

    public void Dispose() => _lab.Dispose();
}
