using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// T5's bidirectional relative-position buckets: half the buckets for keys after the query, half for keys at or before
/// it; within each half, small distances get a bucket each and larger ones share buckets logarithmically up to the
/// maximum distance, beyond which all share the last. The logarithm is taken in fp32 as Hugging Face's T5Attention
/// takes it, so the bucket edges fall where theirs do.
/// </summary>
public static class RelativePositionBuckets
{
    /// <returns>(T, T) bucket ids of key j for query i, int64.</returns>
    public static Tensor Bidirectional(long length, int buckets, int maxDistance, Device device)
    {
        using var scope = NewDisposeScope();
        long half = buckets / 2, exact = half / 2;
        // Every Scalar is kept alive until its call returns (ScalarMath).
        using var zero = 0L.ToScalar();
        using var halfScalar = half.ToScalar();
        using var exactScalar = exact.ToScalar();
        using var lastBucket = (half - 1).ToScalar();
        using var one = 1L.ToScalar();

        var positions = arange(length, ScalarType.Int64, device);
        var relative = positions.unsqueeze(0) - positions.unsqueeze(1);                         // (T, T): key − query
        var side = relative.gt(zero).to_type(ScalarType.Int64).mul(halfScalar);                 // keys after the query: upper half
        var distance = relative.abs();
        var logarithmic = distance.to_type(ScalarType.Float32).DividedBy(exact).log()
            .DividedBy(Math.Log((double)maxDistance / exact)).Times(half - exact)
            .to_type(ScalarType.Int64)                                                            // truncated, as .to(torch.long)
            .add(exactScalar, one).clamp_max(lastBucket);
        var bucket = where(distance.lt(exactScalar), distance, logarithmic);
        return side.Plus(bucket).MoveToOuterDisposeScope();
    }
}
