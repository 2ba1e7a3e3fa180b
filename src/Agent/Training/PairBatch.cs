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
        if (head == HeadKind.CrossEncoder)
        {
            return new PairBatch(BatchTensors.From(PaddedBatch.From(pairs, special.Pad), device), null, null);
        }

        var singles = pairs.Select(p => SingleTexts.Of(p, special)).ToList();
        var first = BatchTensors.From(PaddedBatch.From(singles.Select(s => s.First).ToList(), special.Pad), device);
        var second = BatchTensors.From(PaddedBatch.From(singles.Select(s => s.Second).ToList(), special.Pad), device);
        return new PairBatch(null, first, second);
    }

    public static PairBatch From(IReadOnlyList<EncodedExample> examples, HeadKind head, SpecialTokens special, Device device) =>
        From(examples.Select(e => e.Pair).ToList(), head, special, device);
}
