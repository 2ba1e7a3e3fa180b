using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>The first half of the feed-forward block: widen to the intermediate size, exact (erf) GELU.</summary>
public sealed class BertIntermediate : Module<Tensor, Tensor>, IAdaptableLinears
{
    // Typed as a module, not Linear, so LoRA can take the layer's place (ReplaceLinear).
    [ComponentName(Name = "dense")]
    private Module<Tensor, Tensor> _dense;

    public BertIntermediate(BertConfig config) : base(nameof(BertIntermediate))
    {
        _dense = Linear(config.HiddenSize, config.IntermediateSize);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        _dense = name == "dense" ? replacement : throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        _internal_submodules[name] = replacement; // register_module refuses a name it already has
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <returns>(B, T, I)</returns>
    public override Tensor forward(Tensor hidden)
    {
        using var widened = _dense.call(hidden);
        return functional.gelu(widened); // exact GELU, as BERT's "gelu" activation
    }
}
