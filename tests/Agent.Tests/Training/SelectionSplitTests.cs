using LabPortal.Agent.Training;

namespace LabPortal.Agent.Tests.Training;

public sealed class SelectionSplitTests
{
    private static readonly int[] Rows = Enumerable.Range(0, 200).ToArray();

    [Fact]
    public void The_selection_split_is_disjoint_from_the_training_pairs_and_together_they_are_the_file()
    {
        var (train, selection) = SelectionSplit.Carve(Rows, 0.1, seed: 7);

        Assert.Equal(20, selection.Count);
        Assert.Empty(train.Intersect(selection));
        Assert.Equal(Rows, train.Concat(selection).Order());
        Assert.Equal(train.Order(), train); // both keep the file's order
    }

    [Fact]
    public void The_same_seed_carves_the_same_split_and_another_seed_a_different_one()
    {
        var first = SelectionSplit.Carve(Rows, 0.1, seed: 7).Selection;
        var again = SelectionSplit.Carve(Rows, 0.1, seed: 7).Selection;
        var other = SelectionSplit.Carve(Rows, 0.1, seed: 8).Selection;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_tiny_file_keeps_at_least_one_pair_on_each_side_and_a_zero_split_holds_nothing_out()
    {
        Assert.Equal((1, 1), Sizes(SelectionSplit.Carve([1, 2], 0.01, seed: 1)));
        Assert.Equal((2, 1), Sizes(SelectionSplit.Carve([1, 2, 3], 0.3, seed: 1)));
        Assert.Equal((200, 0), Sizes(SelectionSplit.Carve(Rows, 0, seed: 1)));
    }

    [Fact]
    public void The_trainer_trains_only_on_pairs_outside_the_selection_split_and_evaluates_the_validation_file_for_the_report()
    {
        using var temp = new TempDirectory();
        var spec = TrainingFixture.QuickSpec() with { Training = TrainingFixture.QuickSpec().Training with { SelectionSplit = 0.25, Epochs = 1 } };
        var job = TrainingFixture.Job(temp, spec);

        var result = new Trainer().Train(job, null, CancellationToken.None);

        Assert.Equal(10, result.Steps);                  // ceil(150 / 16): the 50 held-out pairs never train
        Assert.Equal(50, result.SelectionEvaluation!.Total);
        Assert.Equal(100, result.Evaluation.Total);      // the whole validation file, once, for the report
    }

    private static (int, int) Sizes((List<int> Train, List<int> Selection) split) => (split.Train.Count, split.Selection.Count);
}
