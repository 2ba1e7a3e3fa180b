using LabPortal.Agent.Data;
using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;

namespace LabPortal.Bench;

/// <summary>
/// ../shared/data/qqp/train.tsv encoded with the model's tokenizer (MiniLM's unless told; a catalogue name or a checkpoint folder), and the first <c>count</c> batches of the agent's
/// bucketed plan (seed 42): the batches every training benchmark steps through.
/// </summary>
public sealed record QqpBatches(List<EncodedExample> Examples, List<int[]> Batches, SpecialTokens Special)
{
    public static QqpBatches Load(int batchSize, int maxLength, int count, string model = "minilm")
    {
        var tokenizer = ModelCatalogue.Default.FindOrOpen(model).CreateTokenizer();
        var encoder = new PairEncoder(tokenizer, maxLength);
        var examples = PairFileReader.Read(Path.Combine(Repository.Root(), "..", "shared", "data", "qqp", "train.tsv"), PairFileLayout.Qqp)
            .Select(p => new EncodedExample(encoder.Encode(p.First, p.Second), p.Label)).ToList();
        var batches = BatchPlanner.Epochs(examples.Select(e => e.Pair.Length).ToList(), batchSize, lengthBucketing: true, seed: 42)
            .First().Take(count).ToList();
        return new QqpBatches(examples, batches, tokenizer.Special);
    }

    /// <summary>The batch's padded length: its longest pair.</summary>
    public int LengthOf(int[] batch) => batch.Max(i => Examples[i].Pair.Length);

    public long RealTokens(IEnumerable<int[]> batches) => batches.Sum(b => b.Sum(i => (long)Examples[i].Pair.Length));
}
