using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// Root-mean-square norm as LlamaRMSNorm computes it: x / √(mean(x²) + ε) in fp32 times a learned weight (no mean
/// subtraction, no bias), back to the input's dtype. The weight multiplies in fp32 too, so an fp32 weight (kept so under
/// training.precision bf16-frozen, see MixedPrecision) gives bf16 activations back, not fp32 ones. T5's layer norm
/// (T5LayerNorm) is the same computation.
/// </summary>
public sealed class RmsNorm : Module<Tensor, Tensor>
{
    private readonly double _eps;

    public RmsNorm(long size, double eps) : base(nameof(RmsNorm))
    {
        _eps = eps;
        Weight = Parameter(ones(size));
        register_parameter("weight", Weight); // Hugging Face's name
    }

    public Parameter Weight { get; }

    /// <param name="input">(…, C)</param>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);
        var meanSquare = x.square().mean([-1L], keepdim: true);
        var normed = x * meanSquare.Plus(_eps).rsqrt();
        return (normed * Weight.to_type(ScalarType.Float32)).to_type(input.dtype).MoveToOuterDisposeScope();
    }
}
