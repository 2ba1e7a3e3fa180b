using LabPortal.Portal.Services.History;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

/// <summary>History answers from memory once it has been asked: these check that it never shows a stale or uncommitted run.</summary>
public sealed class HistoryFreshnessTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void A_run_queued_after_history_was_first_read_is_listed_on_the_next_query()
    {
        var first = _lab.QueueRun("first");
        Assert.Equal([first], Ids(new HistoryFilter()));

        var second = _lab.QueueRun("second");

        Assert.Equal([second, first], Ids(new HistoryFilter()));
    }

    [Fact]
    public void A_finished_run_moves_to_its_new_state_and_accuracy_at_once()
    {
        var worse = _lab.QueueRun("worse");
        var better = _lab.QueueRun("better");
        Assert.Empty(Ids(new HistoryFilter { State = RunState.Succeeded }));

        _lab.Succeed(worse, new ConfusionCounts(5, 5, 5, 5));
        _lab.Succeed(better, new ConfusionCounts(9, 1, 9, 1));

        Assert.Equal([better, worse], Ids(new HistoryFilter { State = RunState.Succeeded }, HistorySort.Accuracy));
    }

    [Fact]
    public void Tags_and_notes_just_saved_are_found_by_the_tag_filter_and_the_search()
    {
        var run = _lab.QueueRun("plain");
        Assert.Empty(Ids(new HistoryFilter { Tag = "keeper" }));

        _lab.History.SetTags(run, ["Keeper"]);
        _lab.History.SetNotes(run, "Diverged after warm-up", "ana");

        Assert.Equal([run], Ids(new HistoryFilter { Tag = "keeper" }));
        Assert.Equal([run], Ids(new HistoryFilter { Search = "diverged AFTER" }));
        Assert.Equal([run], Ids(new HistoryFilter { Search = "keep" })); // tags are searched too
    }

    [Fact]
    public void A_change_rolled_back_never_shows_in_history()
    {
        var run = _lab.QueueRun("kept as it was");
        Assert.Single(Ids(new HistoryFilter()));

        Assert.Throws<InvalidOperationException>(() => _lab.Database.InTransaction<int>(() =>
        {
            _lab.Runs.Update(run, r =>
            {
                r.ExperimentName = "renamed, then rolled back";
                return true;
            });
            throw new InvalidOperationException("the rest of the change failed");
        }));

        Assert.Empty(Ids(new HistoryFilter { Search = "rolled back" }));
        Assert.Equal("kept as it was", _lab.History.Find(new HistoryFilter(), HistorySort.Created, true, 0, 10).Runs.Single().ExperimentName);
    }

    private List<int> Ids(HistoryFilter filter, HistorySort sort = HistorySort.Created) =>
        _lab.History.Find(filter, sort, descending: true, skip: 0, take: 100).Runs.Select(r => r.Id).ToList();

    public void Dispose() => _lab.Dispose();
}
