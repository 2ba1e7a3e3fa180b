namespace LabPortal.Agent.Tokenization;

/// <summary>One encoded pair, unpadded: <c>[CLS] a [SEP] b [SEP]</c> and its segment ids (0 for a, 1 for b).</summary>
public sealed record EncodedPair(int[] InputIds, int[] TokenTypeIds)
{
    public int Length => InputIds.Length;
}
