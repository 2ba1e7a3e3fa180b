using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>
/// Projects a block's result back to the hidden size, then dropout, residual and LayerNorm. Hugging Face has two
/// classes of this one shape: BertSelfOutput (after attention, in = hidden) and BertOutput (after the
/// feed-forward, in = intermediate); the parameter names are the same, so one module serves both.
/// </summary>
public sealed class BertResidualOutput : Module<Tensor, Tensor, Tensor>, IAdaptableLinears
{
    // Typed as a module, not Linear, so LoRA can take the layer's place (ReplaceLinear).
    [ComponentName(Name = "dense")]
    private Module<Tensor, Tensor> _dense;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public BertResidualOutput(int inFeatures, BertConfig config) : base(nameof(BertResidualOutput))
    {
        _dense = Linear(inFeatures, config.HiddenSize);
        _layerNorm = LayerNorm(config.HiddenSize, config.LayerNormEps);
        _dropout = Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        _dense = name == "dense" ? replacement : throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        _internal_submodules[name] = replacement; // register_module refuses a name it already has
    }

    /// <param name="blockOutput">(B, T, in) the attention context or the widened feed-forward activations.</param>
    /// <param name="residual">(B, T, C) the block's input.</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor blockOutput, Tensor residual)
    {
        using var projected = _dense.call(blockOutput);
        using var dropped = _dropout.call(projected);
        using var sum = dropped.Plus(residual);
        return _layerNorm.NormalizeInWeightType(sum);
    }
}
