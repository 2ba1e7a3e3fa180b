using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Decoders;

/// <summary>The attention mask of a causal decoder over a right-padded batch.</summary>
public static class CausalMask
{
    /// <summary>
    /// (B, 1, T, T) added to the scores: query i sees key j when j ≤ i, j is a real token and, under a sliding window
    /// W, i − j &lt; W; every other score gets the dtype's minimum.
    /// </summary>
    public static Tensor Additive(Tensor attentionMask, ScalarType dtype, int? slidingWindow)
    {
        using var scope = NewDisposeScope();
        var length = attentionMask.shape[1];
        var positions = arange(length, ScalarType.Int64, attentionMask.device);
        var offset = positions.unsqueeze(1) - positions.unsqueeze(0);                    // (T, T): i − j
        using var zero = 0L.ToScalar();                                                   // kept alive during the call (ScalarMath)
        var visible = offset.ge(zero);
        if (slidingWindow is { } window)
        {
            using var windowSize = ((long)window).ToScalar();
            visible = visible.logical_and(offset.lt(windowSize));
        }

        var keys = attentionMask.to_type(ScalarType.Bool).unsqueeze(1).unsqueeze(2);      // (B, 1, 1, T)
        var allowed = visible.unsqueeze(0).unsqueeze(0).logical_and(keys);                // (B, 1, T, T)
        var blocked = allowed.logical_not().to_type(dtype);
        return blocked.Times(finfo(dtype).min).MoveToOuterDisposeScope();
    }
}
