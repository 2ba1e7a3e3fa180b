using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>Multi-head scaled dot-product attention; padded keys are masked out.</summary>
public sealed class BertSelfAttention : Module<Tensor, Tensor, Tensor>, IAdaptableLinears
{
    private readonly int _heads;
    private readonly int _headSize;

    // Typed as a module, not Linear, so LoRA can take the layer's place (ReplaceLinear).
    [ComponentName(Name = "query")]
    private Module<Tensor, Tensor> _query;

    [ComponentName(Name = "key")]
    private Module<Tensor, Tensor> _key;

    [ComponentName(Name = "value")]
    private Module<Tensor, Tensor> _value;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        if (config.HiddenSize % config.NumAttentionHeads != 0)
        {
            throw new ArgumentException(
                $"The hidden size {config.HiddenSize} is not a multiple of the number of attention heads {config.NumAttentionHeads}.");
        }

        _heads = config.NumAttentionHeads;
        _headSize = config.HeadSize;
        _query = Linear(config.HiddenSize, config.HiddenSize);
        _key = Linear(config.HiddenSize, config.HiddenSize);
        _value = Linear(config.HiddenSize, config.HiddenSize);
        _dropout = Dropout(config.AttentionProbsDropoutProb);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "query": _query = replacement; break;
            case "key": _key = replacement; break;
            case "value": _value = replacement; break;
            default: throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        }

        _internal_submodules[name] = replacement; // register_module refuses a name it already has
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="additiveMask">(B, 1, 1, T): 0 for real tokens, a large negative number for padding.</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var batch = hidden.shape[0];
        var length = hidden.shape[1];

        var q = SplitHeads(_query.call(hidden), batch, length);                    // (B, H, T, D)
        var k = SplitHeads(_key.call(hidden), batch, length);                      // (B, H, T, D)
        var v = SplitHeads(_value.call(hidden), batch, length);                    // (B, H, T, D)

        var scores = matmul(q, k.transpose(-1, -2)).DividedBy(Math.Sqrt(_headSize)); // (B, H, T, T)
        var probabilities = _dropout.call(functional.softmax(scores.Plus(additiveMask), -1));
        var context = matmul(probabilities, v);                                     // (B, H, T, D)

        // Back to (B, T, H·D) = (B, T, C).
        return context.transpose(1, 2).contiguous().view(batch, length, _heads * _headSize).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x, long batch, long length) =>
        x.view(batch, length, _heads, _headSize).transpose(1, 2);                   // (B, T, C) → (B, H, T, D)
}
