using LabPortal.Agent.Tokenization;
using LabPortal.Shared.Experiments;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// A batch of pairs as the head reads them: the joint encodings for a cross-encoder, each text's own encodings for a
/// bi-encoder. Tensors live in the current dispose scope.
/// </summary>
public sealed record PairBatch(BatchTensors? Joint, BatchTensors? First, BatchTensors? Second)
{
    public static PairBatch From(IReadOnlyList<EncodedPair> pairs, HeadKind head, SpecialTokens special, Device device)
    {
        var sequences = Sequences(pairs, head, special).Select(s => BatchTensors.From(s, device)).ToList();
        return head == HeadKind.CrossEncoder ? new PairBatch(sequences[0], null, null) : new PairBatch(null, sequences[0], sequences[1]);
    }

    /// <summary>What the encoder reads for these pairs: the joint sequences (cross-encoder), or the first texts' and the second texts' (bi-encoder).</summary>
    public static IReadOnlyList<PaddedBatch> Sequences(IReadOnlyList<EncodedPair> pairs, HeadKind head, SpecialTokens special)
    {
        if (head == HeadKind.CrossEncoder)
        {
            return [PaddedBatch.From(pairs, special.Pad)];
        }

        var singles = pairs.Select(p => SingleTexts.Of(p, special)).ToList();
        return [PaddedBatch.From(singles.Select(s => s.First).ToList(), special.Pad), PaddedBatch.From(singles.Select(s => s.Second).ToList(), special.Pad)];
    }

    public static PairBatch From(IReadOnlyList<EncodedExample> examples, HeadKind head, SpecialTokens special, Device device) =>
        From(examples.Select(e => e.Pair).ToList(), head, special, device);
}
