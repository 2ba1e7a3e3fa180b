using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// Rotary position embeddings in Hugging Face's layout: the head's two halves are the two coordinates of each rotated
/// pair, so <c>x·cos + rotate_half(x)·sin</c> with <c>rotate_half(x) = [−x₂, x₁]</c>; frequency i is θ^(−2i/D).
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>The D/2 inverse frequencies, scaled as the config's rope_scaling says.</summary>
    public static double[] InverseFrequencies(int headDim, RopeSettings rope)
    {
        var frequencies = Enumerable.Range(0, headDim / 2).Select(i => 1.0 / Math.Pow(rope.Theta, 2.0 * i / headDim)).ToArray();
        return rope.Type switch
        {
            "default" => frequencies,
            "linear" => frequencies.Select(f => f / rope.Factor).ToArray(),
            "llama3" => frequencies.Select(f => Llama3Scaled(f, rope)).ToArray(),
            _ => throw new ArgumentException($"rope_scaling type '{rope.Type}' is not supported (default, linear, llama3)."),
        };
    }

    /// <summary>
    /// Llama 3.1's scaling: wavelengths shorter than original/high_freq_factor keep their frequency, longer than
    /// original/low_freq_factor are slowed by the factor, and those between blend the two linearly in original/wavelength.
    /// </summary>
    private static double Llama3Scaled(double frequency, RopeSettings rope)
    {
        var wavelength = 2 * Math.PI / frequency;
        var lowFrequencyWavelength = rope.OriginalMaxPositionEmbeddings / rope.LowFreqFactor;
        var highFrequencyWavelength = rope.OriginalMaxPositionEmbeddings / rope.HighFreqFactor;
        if (wavelength < highFrequencyWavelength)
        {
            return frequency;
        }

        if (wavelength > lowFrequencyWavelength)
        {
            return frequency / rope.Factor;
        }

        var smooth = ((rope.OriginalMaxPositionEmbeddings / wavelength) - rope.LowFreqFactor) / (rope.HighFreqFactor - rope.LowFreqFactor);
        return ((1 - smooth) * frequency / rope.Factor) + (smooth * frequency);
    }

    /// <summary>cos and sin of position × frequency for positions 0 … T−1, each (T, D) with the frequencies repeated for both halves; fp32.</summary>
    public static (Tensor Cos, Tensor Sin) Angles(long length, double[] inverseFrequencies, Device device)
    {
        using var scope = NewDisposeScope();
        var frequencies = tensor(inverseFrequencies.Select(f => (float)f).ToArray(), ScalarType.Float32, device);   // (D/2)
        var positions = arange(length, ScalarType.Float32, device);                                               // (T)
        var angles = outer(positions, frequencies);                                                                // (T, D/2)
        var both = cat([angles, angles], dim: -1);                                                                 // (T, D)
        return (both.cos().MoveToOuterDisposeScope(), both.sin().MoveToOuterDisposeScope());
    }

    /// <summary>Rotates queries or keys (B, H, T, D) by the angles (T, D).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var rotated = cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], dim: -1);
        return (x * cos.to_type(x.dtype)).Plus(rotated * sin.to_type(x.dtype)).MoveToOuterDisposeScope();
    }
}
