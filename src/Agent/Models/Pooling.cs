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

    /// <summary>Each row's last real token (right padding: at the mask's sum − 1), as Hugging Face's decoder classifiers pool.</summary>
    /// <param name="hidden">(B, T, C)</param>
    /// <param name="attentionMask">(B, T) of 1 and 0, ones first.</param>
    /// <returns>(B, C)</returns>
    public static Tensor Last(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        using var one = 1.ToScalar();                                                               // kept alive (ScalarMath)
        using var zero = 0.ToScalar();
        var last = attentionMask.sum(1, type: ScalarType.Int64).sub(one).clamp_min(zero);          // (B)
        var index = last.view(-1, 1, 1).expand(-1, 1, hidden.shape[2]);                            // (B, 1, C)
        return hidden.gather(1, index).squeeze(1).MoveToOuterDisposeScope();
    }
}
