namespace LabPortal.Agent.Training;

/// <summary>
/// Which training examples form each micro-batch, epoch after epoch, as a pure function of the lengths, the batch
/// size and the seed. Plain: shuffle and cut. Bucketed: shuffle, split into chunks of <see cref="BatchesPerChunk"/>
/// batches, sort each chunk by length, cut, then shuffle the batch order — so a batch holds pairs of similar length
/// (little padding) while the batches and their order stay random.
/// </summary>
public static class BatchPlanner
{
    /// <summary>Sorting within chunks of this many batches, not the whole set, keeps batches varied from epoch to epoch.</summary>
    public const int BatchesPerChunk = 50;

    public static int BatchesPerEpoch(int examples, int batchSize) => (examples + batchSize - 1) / batchSize;

    /// <summary>An endless sequence of epochs, each a list of micro-batches (indices into <paramref name="lengths"/>); every enumeration starts again from the seed.</summary>
    public static IEnumerable<IReadOnlyList<int[]>> Epochs(IReadOnlyList<int> lengths, int batchSize, bool lengthBucketing, int seed)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, lengths.Count).ToArray();
        while (true)
        {
            random.Shuffle(order); // the previous epoch's order, reshuffled: plain batches are exactly as before bucketing existed
            if (!lengthBucketing)
            {
                yield return order.Chunk(batchSize).ToList();
                continue;
            }

            var batches = order.Chunk(batchSize * BatchesPerChunk)
                .SelectMany(chunk => chunk.OrderBy(i => lengths[i]).Chunk(batchSize)) // OrderBy is stable: ties keep the shuffled order
                .ToArray();
            random.Shuffle(batches);
            yield return batches;
        }
    }

    /// <summary>Tokens a batch of these lengths spends on padding when padded to its longest pair.</summary>
    public static long PaddingTokens(IEnumerable<int> batchLengths)
    {
        var lengths = batchLengths.ToList();
        return lengths.Count == 0 ? 0 : ((long)lengths.Max() * lengths.Count) - lengths.Sum(l => (long)l);
    }
}
