using LabPortal.Agent.Tokenization;
using static TorchSharp.torch;

namespace LabPortal.Agent.Evaluation;

/// <summary>
/// The pair features of C3 (docs/method.md): token alignment S_loc, lexical density d and length balance w_s,
/// each in [0, 1].
/// </summary>
public sealed record MatchFeatures(double Alignment, double Density, double LengthBalance)
{
    /// <summary>The features of one encoded pair from its ids and its final hidden states (T, C).</summary>
    public static MatchFeatures Of(IReadOnlyList<int> inputIds, int separatorId, Tensor hiddenStates) =>
        Of(inputIds, PairSegments.Of(inputIds, separatorId), hiddenStates);

    /// <summary>The features of one encoded pair whose texts sit at <paramref name="segments"/>.</summary>
    public static MatchFeatures Of(IReadOnlyList<int> inputIds, (Range First, Range Second) segments, Tensor hiddenStates)
    {
        var (first, second) = segments;
        var firstIds = inputIds.Take(first).ToList();
        var secondIds = inputIds.Take(second).ToList();
        return new MatchFeatures(
            AlignmentOf(hiddenStates[first.Start.Value..first.End.Value], hiddenStates[second.Start.Value..second.End.Value]),
            DensityOf(firstIds, secondIds),
            LengthBalanceOf(firstIds.Count, secondIds.Count));
    }

    /// <summary>
    /// The features of a pair a bi-encoder read: the ids come from the pair encoding, the states from each text's own
    /// encoding (<c>[CLS] text [SEP]</c>, so the text's word-pieces start at position 1; T5's <c>text &lt;/s&gt;</c> at 0).
    /// </summary>
    /// <param name="firstStates">(T1, C) final states of the first text alone.</param>
    /// <param name="secondStates">(T2, C) final states of the second text alone.</param>
    public static MatchFeatures OfSeparate(EncodedPair pair, SpecialTokens special, Tensor firstStates, Tensor secondStates)
    {
        var (first, second) = PairSegments.Of(pair, special.Separator);
        var firstIds = pair.InputIds.Take(first).ToList();
        var secondIds = pair.InputIds.Take(second).ToList();
        var start = special.TextStart;
        return new MatchFeatures(
            AlignmentOf(firstStates[start..(start + firstIds.Count)], secondStates[start..(start + secondIds.Count)]),
            DensityOf(firstIds, secondIds),
            LengthBalanceOf(firstIds.Count, secondIds.Count));
    }

    /// <summary>d: the Jaccard index of the two segments' word-piece type sets.</summary>
    public static double DensityOf(IEnumerable<int> first, IEnumerable<int> second)
    {
        var a = first.ToHashSet();
        var b = second.ToHashSet();
        var union = a.Union(b).Count();
        return union == 0 ? 0 : (double)a.Intersect(b).Count() / union;
    }

    /// <summary>w_s: min(n1, n2) / max(n1, n2) in word-pieces.</summary>
    public static double LengthBalanceOf(int first, int second) =>
        Math.Max(first, second) == 0 ? 0 : (double)Math.Min(first, second) / Math.Max(first, second);

    /// <summary>
    /// S_loc: for each word-piece of one segment, its best cosine similarity to any word-piece of the other,
    /// averaged; the mean of both directions, clamped to [0, 1].
    /// </summary>
    /// <param name="first">(n1, C) final hidden states of the first segment.</param>
    /// <param name="second">(n2, C) final hidden states of the second segment.</param>
    public static double AlignmentOf(Tensor first, Tensor second)
    {
        if (first.shape[0] == 0 || second.shape[0] == 0)
        {
            return 0;
        }

        using var scope = NewDisposeScope();
        var a = nn.functional.normalize(first.to_type(ScalarType.Float64), dim: 1);   // (n1, C)
        var b = nn.functional.normalize(second.to_type(ScalarType.Float64), dim: 1);  // (n2, C)
        var cosine = matmul(a, b.t());                                               // (n1, n2)
        var forward = cosine.max(1).values.mean().item<double>();
        var backward = cosine.max(0).values.mean().item<double>();
        return Math.Clamp((forward + backward) / 2, 0, 1);
    }
}
