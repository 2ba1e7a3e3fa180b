using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

public sealed class RunHistoryTests(TenThousandRuns lab) : IClassFixture<TenThousandRuns>
{
    private RunHistory History => lab.Lab.History;

    [Fact]
    public void Without_a_filter_the_first_page_is_the_newest_runs_and_the_total_counts_all()
    {
        var page = History.Find(new HistoryFilter(), HistorySort.Created, descending: true, skip: 0, take: 25);

        Assert.Equal(10_000, page.Total);
        Assert.Equal(lab.Stored.OrderByDescending(r => r.Id).Take(25).Select(r => r.Id), page.Runs.Select(r => r.Id));
    }

    [Fact]
    public void Person_model_task_method_and_state_filters_combine()
    {
        var filter = new HistoryFilter { CreatedBy = "ben", Model = "small", Task = "qqp", Method = "full", State = RunState.Succeeded };

        var page = History.Find(filter, HistorySort.Created, descending: false, skip: 0, take: 1000);

        var expected = lab.Stored
            .Where(r => r.CreatedBy == "ben" && r.Model == "small" && r.Task == "qqp" && r.Method == "full" && r.State == RunState.Succeeded)
            .Select(r => r.Id)
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected, page.Runs.Select(r => r.Id));
    }

    [Fact]
    public void Paging_through_a_filter_sorted_by_model_returns_every_match_once_in_model_order()
    {
        var filter = new HistoryFilter { Method = "lora" };
        var seen = new List<RunRecord>();
        HistoryResults page;
        do
        {
            page = History.Find(filter, HistorySort.Model, descending: false, skip: seen.Count, take: 100);
            seen.AddRange(page.Runs);
        }
        while (page.Runs.Count == 100);

        var expected = lab.Stored.Where(r => r.Method == "lora").Select(r => r.Id).Order().ToList();
        Assert.Equal(expected.Count, page.Total);
        Assert.Equal(expected, seen.Select(r => r.Id).Order());
        Assert.Equal(seen.Select(r => r.Model).Order(StringComparer.OrdinalIgnoreCase), seen.Select(r => r.Model));
    }

    [Fact]
    public void Sorting_by_seed_descending_puts_the_highest_seeds_first()
    {
        var page = History.Find(new HistoryFilter { CreatedBy = "chen" }, HistorySort.Seed, descending: true, skip: 0, take: 300);

        var chen = lab.Stored.Where(r => r.CreatedBy == "chen").ToList();
        Assert.Equal(chen.Count, page.Total);
        Assert.Equal(chen.Select(r => r.Seed).OrderDescending().Take(300), page.Runs.Select(r => r.Seed));
        Assert.All(page.Runs, r => Assert.Equal("chen", r.CreatedBy));
    }

    [Fact]
    public void Sorting_by_accuracy_descending_ranks_the_best_results_first_and_runs_without_one_last()
    {
        var page = History.Find(new HistoryFilter { Model = "mini" }, HistorySort.Accuracy, descending: true, skip: 0, take: 10_000);

        var expected = lab.Stored.Where(r => r.Model == "mini").Select(r => r.Evaluation?.Accuracy ?? -1).OrderDescending();
        Assert.Equal(expected, page.Runs.Select(r => r.Evaluation?.Accuracy ?? -1));
        Assert.Null(page.Runs[^1].Evaluation);
    }

    [Fact]
    public void Sorting_by_f1_ascending_follows_the_stored_counts()
    {
        var page = History.Find(new HistoryFilter { Method = "full" }, HistorySort.F1, descending: false, skip: 0, take: 10_000);

        var withResult = page.Runs.Where(r => r.Evaluation is not null).Select(r => r.Evaluation!.F1).ToList();
        Assert.Equal(withResult.Order(), withResult);
        Assert.Equal(lab.Stored.Count(r => r.Method == "full" && r.Evaluation is not null), withResult.Count);
    }

    [Fact]
    public void A_tag_filter_matches_runs_carrying_that_tag_whatever_its_case()
    {
        var page = History.Find(new HistoryFilter { Tag = "paper" }, HistorySort.Created, descending: true, skip: 0, take: 10_000);

        var expected = lab.Stored.Where(r => r.Tags.Contains("Paper")).Select(r => r.Id).OrderDescending().ToList();
        Assert.Equal(expected, page.Runs.Select(r => r.Id));
    }

    [Fact]
    public void A_date_range_includes_whole_days_at_both_ends()
    {
        var filter = new HistoryFilter { CreatedFrom = new DateOnly(2026, 11, 3), CreatedTo = new DateOnly(2026, 11, 4) };

        var page = History.Find(filter, HistorySort.Created, descending: false, skip: 0, take: 10_000);

        // Two days of a run every 2 minutes.
        Assert.Equal(2 * 24 * 30, page.Total);
        Assert.Equal(new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc), page.Runs[0].CreatedAt);
        Assert.Equal(new DateTime(2026, 11, 4, 23, 58, 0, DateTimeKind.Utc), page.Runs[^1].CreatedAt);
    }

    [Fact]
    public void Search_finds_text_in_notes_and_experiment_names_ignoring_case()
    {
        var inNotes = History.Find(new HistoryFilter { Search = "LOSS SPIKED" }, HistorySort.Created, false, 0, 100);
        var inNames = History.Find(new HistoryFilter { Search = "Sweep 0042" }, HistorySort.Created, false, 0, 100);

        Assert.Equal(lab.Stored.Where(r => r.Notes.Length > 0).Select(r => r.Id), inNotes.Runs.Select(r => r.Id));
        Assert.Equal(20, inNotes.Total);
        Assert.Equal(10, inNames.Total);
        Assert.All(inNames.Runs, r => Assert.Equal("sweep 0042", r.ExperimentName));
    }

    [Fact]
    public void The_filter_lists_offer_the_people_models_and_tags_that_runs_have()
    {
        var choices = History.Choices();

        Assert.Equal(["ana", "ben", "chen"], choices.People);
        Assert.Equal(["base", "mini", "small", "tiny"], choices.Models);
        Assert.Equal(["baseline", "Paper"], choices.Tags);
    }
}
