namespace LabPortal.Agent.Tokenization;

/// <summary>One encoded pair, unpadded, in its tokenizer's <see cref="PairLayout"/> (BERT: <c>[CLS] a [SEP] b [SEP]</c>, segment ids 0 for a, 1 for b).</summary>
public sealed record EncodedPair(int[] InputIds, int[] TokenTypeIds)
{
    /// <summary>Where each text's tokens are, when the layout has no separators to find them by (a decoder's prompt).</summary>
    public (Range First, Range Second)? Segments { get; init; }

    public int Length => InputIds.Length;
}
