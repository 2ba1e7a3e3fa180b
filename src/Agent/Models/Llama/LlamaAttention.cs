using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// Causal self-attention with rotary positions and grouped-query attention: H query heads share K key/value heads,
/// each key/value head serving H/K consecutive query heads (Hugging Face's repeat_kv). Softmax in fp32.
/// </summary>
public sealed class LlamaAttention : Module<Tensor, Tensor, Tensor, Tensor, Tensor>, IAdaptableLinears
{
    private readonly int _heads;
    private readonly int _keyValueHeads;
    private readonly int _headDim;

    // Typed as modules, not Linear, so LoRA can take their place (ReplaceLinear).
    [ComponentName(Name = "q_proj")]
    private Module<Tensor, Tensor> _query;

    [ComponentName(Name = "k_proj")]
    private Module<Tensor, Tensor> _key;

    [ComponentName(Name = "v_proj")]
    private Module<Tensor, Tensor> _value;

    [ComponentName(Name = "o_proj")]
    private Module<Tensor, Tensor> _output;

    [ComponentName(Name = "attention_dropout")]
    private readonly Dropout _dropout;

    public LlamaAttention(LlamaConfig config) : base(nameof(LlamaAttention))
    {
        if (config.NumAttentionHeads % config.NumKeyValueHeads != 0)
        {
            throw new ArgumentException($"num_attention_heads {config.NumAttentionHeads} is not a multiple of num_key_value_heads {config.NumKeyValueHeads}.");
        }

        _heads = config.NumAttentionHeads;
        _keyValueHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        _query = Linear(config.HiddenSize, _heads * _headDim, hasBias: config.QkvBias);
        _key = Linear(config.HiddenSize, _keyValueHeads * _headDim, hasBias: config.QkvBias);
        _value = Linear(config.HiddenSize, _keyValueHeads * _headDim, hasBias: config.QkvBias);
        _output = Linear(_heads * _headDim, config.HiddenSize, hasBias: config.OutputBias);
        _dropout = Dropout(config.AttentionDropout);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "q_proj": _query = replacement; break;
            case "k_proj": _key = replacement; break;
            case "v_proj": _value = replacement; break;
            case "o_proj": _output = replacement; break;
            default: throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        }

        _internal_submodules[name] = replacement; // register_module refuses a name it already has
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="cos">(T, D) rotary angles' cosines.</param>
    /// <param name="sin">(T, D) rotary angles' sines.</param>
    /// <param name="additiveMask">(B, 1, T, T): 0 where a query may attend to a key, the dtype's minimum elsewhere.</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden, Tensor cos, Tensor sin, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (hidden.shape[0], hidden.shape[1]);
        var q = RotaryEmbedding.Apply(SplitHeads(_query.call(hidden), batch, length, _heads), cos, sin);        // (B, H, T, D)
        var k = RotaryEmbedding.Apply(SplitHeads(_key.call(hidden), batch, length, _keyValueHeads), cos, sin);  // (B, K, T, D)
        var v = SplitHeads(_value.call(hidden), batch, length, _keyValueHeads);                                 // (B, K, T, D)
        var share = _heads / _keyValueHeads;
        k = k.repeat_interleave(share, dim: 1);                                                                  // (B, H, T, D)
        v = v.repeat_interleave(share, dim: 1);

        var scores = matmul(q, k.transpose(-1, -2)).DividedBy(Math.Sqrt(_headDim)).Plus(additiveMask);              // (B, H, T, T)
        var probabilities = _dropout.call(functional.softmax(scores, -1, ScalarType.Float32).to_type(q.dtype));
        var context = matmul(probabilities, v).transpose(1, 2).contiguous().view(batch, length, _heads * _headDim);
        return _output.call(context).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x, long batch, long length, int heads) =>
        x.view(batch, length, heads, _headDim).transpose(1, 2);                                                 // (B, T, h·D) → (B, h, T, D)
}
