using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Gpt2;

/// <summary>GPT-2's feed-forward block: c_proj(gelu_new(c_fc(x))), both Conv1D in Hugging Face, linear (transposed) here.</summary>
public sealed class Gpt2Mlp : Module<Tensor, Tensor>, IAdaptableLinears
{
    [ComponentName(Name = "c_fc")]
    private Module<Tensor, Tensor> _expand;

    [ComponentName(Name = "c_proj")]
    private Module<Tensor, Tensor> _projection;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public Gpt2Mlp(Gpt2Config config) : base(nameof(Gpt2Mlp))
    {
        _expand = Linear(config.HiddenSize, config.InnerSize);
        _projection = Linear(config.InnerSize, config.HiddenSize);
        _dropout = Dropout(config.ResidualDropout);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "c_fc": _expand = replacement; break;
            case "c_proj": _projection = replacement; break;
            default: throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        }

        _internal_submodules[name] = replacement;
    }

    /// <param name="hidden">(B, T, C)</param>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        // gelu_new is GELU's tanh approximation.
        var widened = functional.gelu(_expand.call(hidden), TorchSharp.Modules.GELU.Approximate.tanh);
        return _dropout.call(_projection.call(widened)).MoveToOuterDisposeScope();
    }
}
