using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>Token states to one vector per sequence.</summary>
public static class Pooling
{
    /// <summary>The mean over real tokens: padding positions (mask 0) neither add to the sum nor count.</summary>
    /// <param name="hidden">(B, T, C)</param>
    /// <param name="attentionMask">(B, T) of 1 and 0.</param>
    /// <returns>(B, C)</returns>
    public static Tensor Mean(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var mask = attentionMask.unsqueeze(-1).to_type(hidden.dtype);   // (B, T, 1)
        var summed = (hidden * mask).sum(1);                            // (B, C)
        using var one = 1.ToScalar();                                   // kept alive during the call (ScalarMath)
        var counts = mask.sum(1).clamp_min(one);                        // (B, 1): an all-padding row divides by 1, not 0
        return (summed / counts).MoveToOuterDisposeScope();
    }
}
