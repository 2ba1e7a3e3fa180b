using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>The first half of the feed-forward block: widen to the intermediate size, exact (erf) GELU.</summary>
public sealed class BertIntermediate : Module<Tensor, Tensor>
{
    // Typed as a module, not Linear, so LoRA can take the layer's place (see Lora/ModuleSurgery.cs).
    [ComponentName(Name = "dense")]
    private readonly Module<Tensor, Tensor> _dense;

    public BertIntermediate(BertConfig config) : base(nameof(BertIntermediate))
    {
        _dense = Linear(config.HiddenSize, config.IntermediateSize);
        RegisterComponents();
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <returns>(B, T, I)</returns>
    public override Tensor forward(Tensor hidden)
    {
        using var widened = _dense.call(hidden);
        return functional.gelu(widened); // exact GELU, as BERT's "gelu" activation
    }
}
