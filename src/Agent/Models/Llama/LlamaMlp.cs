using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Llama;

/// <summary>The SwiGLU feed-forward block: down_proj(silu(gate_proj(x)) ⊙ up_proj(x)).</summary>
public sealed class LlamaMlp : Module<Tensor, Tensor>, IAdaptableLinears
{
    [ComponentName(Name = "gate_proj")]
    private Module<Tensor, Tensor> _gate;

    [ComponentName(Name = "up_proj")]
    private Module<Tensor, Tensor> _up;

    [ComponentName(Name = "down_proj")]
    private Module<Tensor, Tensor> _down;

    public LlamaMlp(LlamaConfig config) : base(nameof(LlamaMlp))
    {
        _gate = Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        _up = Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        _down = Linear(config.IntermediateSize, config.HiddenSize, hasBias: config.MlpBias);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "gate_proj": _gate = replacement; break;
            case "up_proj": _up = replacement; break;
            case "down_proj": _down = replacement; break;
            default: throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        }

        _internal_submodules[name] = replacement;
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var gated = functional.silu(_gate.call(hidden)) * _up.call(hidden);   // (B, T, F)
        return _down.call(gated).MoveToOuterDisposeScope();
    }
}
