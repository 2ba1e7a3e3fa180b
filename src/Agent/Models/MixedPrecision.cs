using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>
/// Where bf16 activations (training.precision bf16-frozen) meet fp32 numbers. LayerNorm runs in fp32, as autocast runs
/// it — a mean and a variance over hundreds of bf16 values lose the low bits the result depends on — and hands the
/// activations' type back; its weights stay fp32 (a few kilobytes), and the explicit cast does not rely on a kernel
/// taking bf16 input with fp32 weights (libtorch's CPU kernel does). Softmax needs nothing here: libtorch's softmax
/// accumulates bf16 input in fp32 and rounds only its output — on this machine a bf16 softmax of 32×12×128×128
/// attention scores equals the fp32 softmax rounded to bf16, bit for bit — and an explicit fp32 softmax would keep an
/// fp32 copy of every attention map for the backward pass (25 MB per MiniLM layer at batch 32 × 128).
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
}
