using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// T5's self-attention: q, k, v and o without biases, scores q·kᵀ without the 1/√d scaling (T5's initialisation
/// absorbs it) plus a position bias, softmax in fp32. Only the first block's attention holds the
/// <c>relative_attention_bias</c> table (buckets × heads); its bias is reused by every later block.
/// </summary>
public sealed class T5Attention : Module<Tensor, Tensor, Tensor>, IAdaptableLinears
{
    private readonly int _heads;
    private readonly int _headDim;
    private readonly T5Config _config;

    // Typed as modules, not Linear, so LoRA can take their place (ReplaceLinear).
    [ComponentName(Name = "q")]
    private Module<Tensor, Tensor> _query;

    [ComponentName(Name = "k")]
    private Module<Tensor, Tensor> _key;

    [ComponentName(Name = "v")]
    private Module<Tensor, Tensor> _value;

    [ComponentName(Name = "o")]
    private Module<Tensor, Tensor> _output;

    [ComponentName(Name = "relative_attention_bias")]
    private readonly Embedding? _relativeBias;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public T5Attention(T5Config config, bool hasRelativeBias) : base(nameof(T5Attention))
    {
        _config = config;
        _heads = config.NumHeads;
        _headDim = config.KeyValueDim;
        var inner = _heads * _headDim;
        _query = Linear(config.ModelDim, inner, hasBias: false);
        _key = Linear(config.ModelDim, inner, hasBias: false);
        _value = Linear(config.ModelDim, inner, hasBias: false);
        _output = Linear(inner, config.ModelDim, hasBias: false);
        _relativeBias = hasRelativeBias ? Embedding(config.RelativeAttentionBuckets, _heads) : null;
        _dropout = Dropout(config.DropoutRate);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "q": _query = replacement; break;
            case "k": _key = replacement; break;
            case "v": _value = replacement; break;
            case "o": _output = replacement; break;
            default: throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        }

        _internal_submodules[name] = replacement; // register_module refuses a name it already has
    }

    /// <summary>The relative position bias of a sequence of <paramref name="length"/>: (1, H, T, T).</summary>
    public Tensor PositionBias(long length, Device device)
    {
        var table = _relativeBias ?? throw new InvalidOperationException("Only the first block's attention holds the relative position bias.");
        using var scope = NewDisposeScope();
        var buckets = RelativePositionBuckets.Bidirectional(length, _config.RelativeAttentionBuckets, _config.RelativeAttentionMaxDistance, device);
        return table.call(buckets).permute(2, 0, 1).unsqueeze(0).MoveToOuterDisposeScope();   // (T, T, H) → (1, H, T, T)
    }

    /// <param name="hidden">(B, T, C), already normed.</param>
    /// <param name="bias">(B, H, T, T): the position bias plus the padding mask (the dtype's minimum at padded keys).</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden, Tensor bias)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (hidden.shape[0], hidden.shape[1]);
        var q = SplitHeads(_query.call(hidden), batch, length);                                  // (B, H, T, D)
        var k = SplitHeads(_key.call(hidden), batch, length);
        var v = SplitHeads(_value.call(hidden), batch, length);
        var scores = matmul(q, k.transpose(-1, -2)).Plus(bias.to_type(q.dtype));                   // (B, H, T, T), unscaled
        var probabilities = _dropout.call(functional.softmax(scores, -1, ScalarType.Float32).to_type(q.dtype));
        var context = matmul(probabilities, v).transpose(1, 2).contiguous().view(batch, length, _heads * _headDim);
        return _output.call(context).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x, long batch, long length) =>
        x.view(batch, length, _heads, _headDim).transpose(1, 2);                                  // (B, T, H·D) → (B, H, T, D)
}
