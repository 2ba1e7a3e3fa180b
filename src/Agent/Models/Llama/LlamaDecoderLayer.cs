using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Llama;

/// <summary>One pre-norm decoder layer: x + attention(norm(x)), then + mlp(norm(·)).</summary>
public sealed class LlamaDecoderLayer : Module<Tensor, Tensor, Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "self_attn")]
    private readonly LlamaAttention _attention;

    [ComponentName(Name = "mlp")]
    private readonly LlamaMlp _mlp;

    [ComponentName(Name = "input_layernorm")]
    private readonly RmsNorm _inputNorm;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly RmsNorm _postAttentionNorm;

    public LlamaDecoderLayer(LlamaConfig config) : base(nameof(LlamaDecoderLayer))
    {
        _attention = new LlamaAttention(config);
        _mlp = new LlamaMlp(config);
        _inputNorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        _postAttentionNorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        RegisterComponents();
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden, Tensor cos, Tensor sin, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var attended = hidden.Plus(_attention.call(_inputNorm.call(hidden), cos, sin, additiveMask));
        return attended.Plus(_mlp.call(_postAttentionNorm.call(attended))).MoveToOuterDisposeScope();
    }
}
