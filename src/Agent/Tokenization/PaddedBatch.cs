namespace LabPortal.Agent.Tokenization;

/// <summary>
/// A batch padded to its longest pair (dynamic padding), as flat row-major (B × T) arrays ready
/// to become tensors.
/// </summary>
public sealed record PaddedBatch(long[] InputIds, long[] TokenTypeIds, long[] AttentionMask, int BatchSize, int Length)
{
    public static PaddedBatch From(IReadOnlyList<EncodedPair> pairs, int padId)
    {
        if (pairs.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one pair.", nameof(pairs));
        }

        var length = pairs.Max(p => p.Length);
        var ids = new long[pairs.Count * length];
        var types = new long[ids.Length];
        var mask = new long[ids.Length];
        Array.Fill(ids, padId);
        for (var row = 0; row < pairs.Count; row++)
        {
            var pair = pairs[row];
            var start = row * length;
            for (var t = 0; t < pair.Length; t++)
            {
                ids[start + t] = pair.InputIds[t];
                types[start + t] = pair.TokenTypeIds[t];
                mask[start + t] = 1;
            }
        }

        return new PaddedBatch(ids, types, mask, pairs.Count, length);
    }
}
