namespace LabPortal.Agent.Tokenization;

/// <summary>One encoded pair, unpadded, in its tokenizer's <see cref="PairLayout"/> (BERT: <c>[CLS] a [SEP] b [SEP]</c>, segment ids 0 for a, 1 for b).</summary>
public sealed record EncodedPair(int[] InputIds, int[] TokenTypeIds)
{
    public int Length => InputIds.Length;
}
