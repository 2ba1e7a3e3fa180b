using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>Sentence-BERT's classification features of two pooled texts: (u, v, |u−v|, u⊙v).</summary>
public static class BiEncoderFeatures
{
    /// <param name="u">(B, C) the first texts, pooled.</param>
    /// <param name="v">(B, C) the second texts, pooled.</param>
    /// <returns>(B, 4C)</returns>
    public static Tensor Of(Tensor u, Tensor v)
    {
        using var difference = (u - v).abs_(); // sub passes no Scalar, unlike add (ScalarMath)
        using var product = u * v;
        return cat([u, v, difference, product], dim: 1);
    }
}
