using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Gpt2;

/// <summary>One pre-norm GPT-2 block: x + attn(ln_1(x)), then + mlp(ln_2(·)).</summary>
public sealed class Gpt2Block : Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "ln_1")]
    private readonly LayerNorm _norm1;

    [ComponentName(Name = "attn")]
    private readonly Gpt2Attention _attention;

    [ComponentName(Name = "ln_2")]
    private readonly LayerNorm _norm2;

    [ComponentName(Name = "mlp")]
    private readonly Gpt2Mlp _mlp;

    public Gpt2Block(Gpt2Config config) : base(nameof(Gpt2Block))
    {
        _norm1 = LayerNorm(config.HiddenSize, config.LayerNormEps);
        _attention = new Gpt2Attention(config);
        _norm2 = LayerNorm(config.HiddenSize, config.LayerNormEps);
        _mlp = new Gpt2Mlp(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var attended = hidden.Plus(_attention.call(_norm1.NormalizeInWeightType(hidden), additiveMask));
        return attended.Plus(_mlp.call(_norm2.NormalizeInWeightType(attended))).MoveToOuterDisposeScope();
    }
}
