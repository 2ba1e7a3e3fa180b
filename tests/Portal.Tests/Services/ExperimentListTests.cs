using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

public sealed class ExperimentListTests : IDisposable
{
    private readonly TestLab _lab = new();

    public ExperimentListTests()
    {
        // A thousand launches of two runs each, by three people.
        var experiments = Enumerable.Range(1, 1000)
            .Select(i => new ExperimentRecord { Id = i, Name = $"sweep {i:0000}", CreatedBy = new[] { "ana", "ben", "chen" }[i % 3], SpecJson = "{}" })
            .ToList();
        var runs = experiments.SelectMany(e => new[] { 1, 2 }.Select(seed => new RunRecord
        {
            ExperimentId = e.Id, ExperimentName = e.Name, Variant = "LoRA", Seed = seed, SpecJson = "{}", State = RunState.Queued,
        })).ToList();
        _lab.Database.InTransaction(() => _lab.Database.Experiments.InsertBulk(experiments) + _lab.Database.Runs.InsertBulk(runs));
    }

    private ExperimentList List => new(_lab.Experiments, _lab.Runs);

    [Fact]
    public void A_thousand_experiments_give_the_newest_page_with_each_ones_runs_and_the_count_of_all()
    {
        var found = List.Find(null, skip: 25, take: 25);

        Assert.Equal(1000, found.Total);
        Assert.Equal(Enumerable.Range(951, 25).Reverse(), found.Rows.Select(r => r.Experiment.Id));
        Assert.All(found.Rows, row => Assert.Equal(2, row.Counts.Total));
        Assert.All(found.Rows, row => Assert.Equal(2, row.Seeds));
    }

    [Fact]
    public void The_search_matches_a_name_or_a_person_in_any_case()
    {
        Assert.Equal(["sweep 0099"], List.Find("SWEEP 0099", 0, 25).Rows.Select(r => r.Experiment.Name));
        Assert.Equal(333, List.Find(" Ana ", 0, 25).Total);
    }

    public void Dispose() => _lab.Dispose();
}
