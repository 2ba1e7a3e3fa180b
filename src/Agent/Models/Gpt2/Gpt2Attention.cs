using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Gpt2;

/// <summary>
/// GPT-2's causal self-attention: one projection <c>c_attn</c> to queries, keys and values (in that order, C each),
/// heads scaled by 1/√D, and <c>c_proj</c> back. Hugging Face stores both as Conv1D (weight in × out); here they are
/// linear layers holding the transposed weight, so LoRA and PEFT see (out × in) as for every other model.
/// </summary>
public sealed class Gpt2Attention : Module<Tensor, Tensor, Tensor>, IAdaptableLinears
{
    private readonly int _heads;
    private readonly int _headDim;

    [ComponentName(Name = "c_attn")]
    private Module<Tensor, Tensor> _attention;

    [ComponentName(Name = "c_proj")]
    private Module<Tensor, Tensor> _projection;

    [ComponentName(Name = "attn_dropout")]
    private readonly Dropout _attentionDropout;

    [ComponentName(Name = "resid_dropout")]
    private readonly Dropout _residualDropout;

    public Gpt2Attention(Gpt2Config config) : base(nameof(Gpt2Attention))
    {
        _heads = config.NumHeads;
        _headDim = config.HiddenSize / config.NumHeads;
        _attention = Linear(config.HiddenSize, 3 * config.HiddenSize);
        _projection = Linear(config.HiddenSize, config.HiddenSize);
        _attentionDropout = Dropout(config.AttentionDropout);
        _residualDropout = Dropout(config.ResidualDropout);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "c_attn": _attention = replacement; break;
            case "c_proj": _projection = replacement; break;
            default: throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        }

        _internal_submodules[name] = replacement; // register_module refuses a name it already has
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="additiveMask">(B, 1, T, T) from <see cref="Decoders.CausalMask"/>.</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (hidden.shape[0], hidden.shape[1]);
        var qkv = _attention.call(hidden).view(batch, length, 3, _heads, _headDim).permute(2, 0, 3, 1, 4);  // (3, B, H, T, D)
        var (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        var scores = matmul(q, k.transpose(-1, -2)).DividedBy(Math.Sqrt(_headDim)).Plus(additiveMask);        // (B, H, T, T)
        var probabilities = _attentionDropout.call(functional.softmax(scores, -1));
        var context = matmul(probabilities, v).transpose(1, 2).contiguous().view(batch, length, _heads * _headDim);
        return _residualDropout.call(_projection.call(context)).MoveToOuterDisposeScope();
    }
}
