using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>
/// The few places where bf16 activations (training.precision bf16-frozen) meet fp32 numbers: normalisation statistics
/// and softmax run in fp32 as autocast runs them — a mean or a sum over hundreds of bf16 values loses the low bits the
/// result depends on — and hand the activations' type back. With fp32 activations these are the plain calls.
/// </summary>
public static class MixedPrecision
{
    /// <summary>LayerNorm computed in its weights' type (fp32 under bf16-frozen: they are never converted), returned in the input's.</summary>
    public static Tensor NormalizeInWeightType(this LayerNorm norm, Tensor input)
    {
        var weightType = norm.weight!.dtype;
        if (input.dtype == weightType)
        {
            return norm.call(input);
        }

        using var widened = input.to_type(weightType);
        using var normed = norm.call(widened);
        return normed.to_type(input.dtype);
    }

    /// <summary>Softmax over <paramref name="dim"/> accumulated in fp32, returned in the scores' type.</summary>
    public static Tensor SoftmaxInFloat32(Tensor scores, long dim)
    {
        if (scores.dtype == ScalarType.Float32)
        {
            return nn.functional.softmax(scores, dim);
        }

        using var probabilities = nn.functional.softmax(scores, dim, ScalarType.Float32);
        return probabilities.to_type(scores.dtype);
    }
}
