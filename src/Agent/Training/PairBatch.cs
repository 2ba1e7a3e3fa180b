using LabPortal.Agent.Tokenization;
using LabPortal.Shared.Experiments;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// A batch of pairs as the head reads them: the joint encodings for a cross-encoder, each text's own encodings for a
/// bi-encoder; (B) labels either way. Tensors live in the current dispose scope.
/// </summary>
public sealed record PairBatch(BatchTensors? Joint, BatchTensors? First, BatchTensors? Second, Tensor Labels)
{
    public static PairBatch From(IReadOnlyList<EncodedPair> pairs, IReadOnlyList<long> labels, HeadKind head, SpecialTokens special, Device device)
    {
        if (head == HeadKind.CrossEncoder)
        {
            var joint = BatchTensors.From(PaddedBatch.From(pairs, special.Pad), labels, device);
            return new PairBatch(joint, null, null, joint.Labels);
        }

        var singles = pairs.Select(p => SingleTexts.Of(p, special)).ToList();
        var first = BatchTensors.From(PaddedBatch.From(singles.Select(s => s.First).ToList(), special.Pad), labels, device);
        var second = BatchTensors.From(PaddedBatch.From(singles.Select(s => s.Second).ToList(), special.Pad), labels, device);
        return new PairBatch(null, first, second, first.Labels);
    }

    public static PairBatch From(IReadOnlyList<EncodedExample> examples, HeadKind head, SpecialTokens special, Device device) =>
        From(examples.Select(e => e.Pair).ToList(), examples.Select(e => (long)e.Label).ToList(), head, special, device);
}
