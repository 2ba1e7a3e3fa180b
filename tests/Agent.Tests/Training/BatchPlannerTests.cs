using LabPortal.Agent.Data;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using Xunit.Abstractions;

namespace LabPortal.Agent.Tests.Training;

public sealed class BatchPlannerTests(ITestOutputHelper output)
{
    private static readonly int[] Lengths = Enumerable.Range(0, 1000).Select(i => 5 + ((i * 37) % 60)).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_same_seed_gives_the_same_batches_and_another_seed_other_batches(bool bucketing)
    {
        var first = BatchPlanner.Epochs(Lengths, 16, bucketing, seed: 3).Take(2).SelectMany(e => e).ToList();
        var again = BatchPlanner.Epochs(Lengths, 16, bucketing, seed: 3).Take(2).SelectMany(e => e).ToList();
        var other = BatchPlanner.Epochs(Lengths, 16, bucketing, seed: 4).Take(2).SelectMany(e => e).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(true, 16)]
    [InlineData(true, 7)]
    [InlineData(false, 7)]
    public void Every_example_is_in_exactly_one_batch_of_each_epoch(bool bucketing, int batchSize)
    {
        foreach (var epoch in BatchPlanner.Epochs(Lengths, batchSize, bucketing, seed: 1).Take(3))
        {
            Assert.Equal(Enumerable.Range(0, Lengths.Length), epoch.SelectMany(b => b).Order());
            Assert.Equal(BatchPlanner.BatchesPerEpoch(Lengths.Length, batchSize), epoch.Count);
            Assert.All(epoch, b => Assert.InRange(b.Length, 1, batchSize));
        }
    }

    [Fact]
    public void Epochs_differ_from_one_another()
    {
        var epochs = BatchPlanner.Epochs(Lengths, 16, lengthBucketing: true, seed: 1).Take(2).ToList();

        Assert.NotEqual(epochs[0], epochs[1]);
    }

    [Fact]
    public void Bucketing_real_qqp_pairs_pads_far_less_than_plain_shuffling()
    {
        var encoder = new PairEncoder(new HashingTokenizer(), maxLength: 128);
        var dataset = new DatasetSpec { Task = TaskKind.Qqp };
        var lengths = PairFileReader.Read(TestPaths.QqpTrain, dataset).Take(4000).Select(p => encoder.Encode(p.First, p.Second).Length).ToList();

        long Padding(bool bucketing) => BatchPlanner.Epochs(lengths, 32, bucketing, seed: 42).First()
            .Sum(batch => BatchPlanner.PaddingTokens(batch.Select(i => lengths[i])));
        var plain = Padding(bucketing: false);
        var bucketed = Padding(bucketing: true);

        output.WriteLine($"{lengths.Count} QQP pairs, batch 32: {plain} padding tokens shuffled, {bucketed} bucketed ({100.0 * (plain - bucketed) / plain:F1} % fewer); {lengths.Sum()} real tokens");
        Assert.True(bucketed * 4 < plain, $"bucketed {bucketed}, plain {plain}");
    }
}
